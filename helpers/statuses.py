"""The names of a figure's status against its target (:mod:`helpers.compute`) and of its progress
over time (:mod:`helpers.progress`): the words the reports' marks and colours are keyed on.

Plain strings, importable without pandas: a render worker that only drives a kernel and typesets
its pages imports these and no data library.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

# against the target
MET, NOT_MET, NO_TARGET = "met", "not_met", "no_target"
# a target whose year has not come yet is not missed: the figure is on its way to it
NOT_DUE, ON_TRACK, BEHIND = "not_due", "on_track", "behind"
# the result repeats, from the same document, the very level of the target: not a measurement
RESTATES = "restates_target"
STATUSES = (MET, NOT_MET, BEHIND, ON_TRACK, NOT_DUE, RESTATES, NO_TARGET)
# statuses whose target year is still to come
PENDING = (ON_TRACK, BEHIND, NOT_DUE)

# progress over time (ON_TRACK and NO_TARGET are the same words as above)
TARGET_ACHIEVED = "target_achieved"
ACCELERATION_NEEDED = "acceleration_needed"
LIMITED_PROGRESS = "limited_progress"
DETERIORATION = "deterioration"
# the statuses that say how a figure not yet due is moving toward its target
PACE = (ON_TRACK, ACCELERATION_NEEDED, LIMITED_PROGRESS, DETERIORATION)
PROGRESS_STATUSES = (TARGET_ACHIEVED, ON_TRACK, ACCELERATION_NEEDED, LIMITED_PROGRESS, DETERIORATION, NO_TARGET)


def count_statuses(statuses: Iterable[str]) -> dict[str, int]:
    """How many of some figures have each status, as the reports and the index state them.

    ``total`` figures, of which ``with_target`` (all but ``no_target``); ``met``, ``not_met``,
    ``pending`` (target year still to come: ``on_track``, ``behind`` or not due), ``restates``
    (the figure repeats its target) and ``no_target``.
    """
    counted = Counter(statuses)
    total = sum(counted.values())
    return {
        "total": total,
        "with_target": total - counted[NO_TARGET],
        "met": counted[MET],
        "not_met": counted[NOT_MET],
        "pending": sum(counted[status] for status in PENDING),
        "on_track": counted[ON_TRACK],
        "behind": counted[BEHIND],
        "restates": counted[RESTATES],
        "no_target": counted[NO_TARGET],
    }
