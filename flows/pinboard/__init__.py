"""The pinboard (Pinwand): its rules as a pure state machine.

Where to look: ``machine.py`` has the rules in plain words, the move table and
``apply`` (what each phase allows, how collecting, clustering and the vote open
and close); ``model.py`` the frozen state and events; ``parse.py`` the commands
as text; ``steps.py`` the grouping and dot-vote moves; ``results.py`` what the
live message, the result and the draft read; ``similarity.py`` the cluster
suggestions. Callers import from here.
"""

from __future__ import annotations

from flows.pinboard.machine import (
    MACHINE,
    AcceptSuggestion,
    AddNotes,
    Close,
    EditNotes,
    Extend,
    GroupNotes,
    HideNotes,
    MoveNote,
    OpenBoard,
    Option,
    Phase,
    PinboardState,
    QuestionResult,
    RenameCluster,
    RestoreNotes,
    ShowTallies,
    StartClustering,
    StartVote,
    UndoNote,
    Ungroup,
    Unvote,
    Vote,
    apply,
    check,
    cluster_of,
    dots_left,
    dots_of,
    forget,
    latest_dot,
    legal,
    note_counts,
    note_lines,
    notes_from_source,
    options,
    parse_cluster_command,
    parse_extend,
    parse_grouping,
    parse_hide,
    parse_note,
    parse_numbers,
    parse_open,
    parse_vote,
    ranked,
    result,
    tallies,
    visible_notes,
    visible_tallies,
)

__all__ = [
    "MACHINE", "AcceptSuggestion", "AddNotes", "Close", "EditNotes", "Extend", "GroupNotes",
    "HideNotes", "MoveNote", "OpenBoard", "Option", "Phase", "PinboardState", "QuestionResult",
    "RenameCluster", "RestoreNotes", "ShowTallies", "StartClustering", "StartVote", "UndoNote",
    "Ungroup", "Unvote", "Vote", "apply", "check", "cluster_of", "dots_left", "dots_of", "forget",
    "latest_dot", "legal", "note_counts", "note_lines", "notes_from_source", "options",
    "parse_cluster_command", "parse_extend", "parse_grouping", "parse_hide", "parse_note",
    "parse_numbers", "parse_open", "parse_vote", "ranked", "result", "tallies", "visible_notes",
    "visible_tallies",
]
