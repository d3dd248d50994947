"""GDPR for the council: forget a person, erasing their words or keeping them anonymously."""

from __future__ import annotations

from flows.base import FORGOTTEN
from flows.council.model import CouncilState, Group, Proposal, ProposalVersion


def forget(state: CouncilState, user_id: int, erase: bool) -> CouncilState:
    """The state without ``user_id``.

    Either way the person leaves every group (and is no longer a speaker), and
    their id in the history becomes ``FORGOTTEN``. ``erase=True`` removes their
    interests (with the restatements of those), restatements, ratings, proposal
    versions (a proposal without versions goes, with its stances) and stances;
    ``erase=False`` keeps those words and replaces their id by ``FORGOTTEN``.
    """
    groups = tuple(_leave(g, user_id) for g in state.groups)
    history = tuple(
        h.model_copy(update={"actor": FORGOTTEN}) if h.actor == user_id else h
        for h in state.history
    )
    update = {
        "groups": groups,
        "history": history,
        "opened_by": FORGOTTEN if state.opened_by == user_id else state.opened_by,
    }
    base = state.model_copy(update=update)
    return _erase(base, user_id) if erase else _anonymize(base, user_id)


def _leave(group: Group, user_id: int) -> Group:
    members = tuple(m for m in group.members if m != user_id)
    speaker = None if group.speaker == user_id else group.speaker
    return group.model_copy(update={"members": members, "speaker": speaker})


def _anon(value: int | None, user_id: int) -> int | None:
    return FORGOTTEN if value == user_id else value


def _anonymize(state: CouncilState, user_id: int) -> CouncilState:
    interests = tuple(
        i.model_copy(update={"author": _anon(i.author, user_id)}) for i in state.interests
    )
    restatements = tuple(
        r.model_copy(
            update={"author": _anon(r.author, user_id), "rated_by": _anon(r.rated_by, user_id)}
        )
        for r in state.restatements
    )
    proposals = tuple(
        p.model_copy(
            update={
                "versions": tuple(
                    v.model_copy(update={"author": _anon(v.author, user_id)}) for v in p.versions
                )
            }
        )
        for p in state.proposals
    )
    stances = tuple(
        s.model_copy(update={"member": _anon(s.member, user_id)}) for s in state.stances
    )
    return state.model_copy(
        update={
            "interests": interests,
            "restatements": restatements,
            "proposals": proposals,
            "stances": stances,
        }
    )


def _unrate(state: CouncilState, user_id: int, gone: set[int]) -> CouncilState:
    kept = []
    for r in state.restatements:
        if r.author == user_id or r.interest in gone:
            continue
        if r.rated_by == user_id:
            r = r.model_copy(
                update={"rating": None, "correction": None, "rated_by": None, "rated_at": None}
            )
        kept.append(r)
    return state.model_copy(update={"restatements": tuple(kept)})


def _without_versions(proposal: Proposal, user_id: int, gone: set[int]) -> Proposal | None:
    versions: list[ProposalVersion] = [
        v.model_copy(update={"addresses": tuple(n for n in v.addresses if n not in gone)})
        for v in proposal.versions
        if v.author != user_id
    ]
    return proposal.model_copy(update={"versions": tuple(versions)}) if versions else None


def _erase(state: CouncilState, user_id: int) -> CouncilState:
    gone = {i.number for i in state.interests if i.author == user_id}
    interests = tuple(i for i in state.interests if i.author != user_id)
    state = _unrate(state.model_copy(update={"interests": interests}), user_id, gone)
    proposals = []
    for p in state.proposals:
        kept = _without_versions(p, user_id, gone)
        if kept is not None:
            proposals.append(kept)
    versions = {(p.number, v.version) for p in proposals for v in p.versions}
    stances = tuple(
        s for s in state.stances if s.member != user_id and (s.proposal, s.version) in versions
    )
    return state.model_copy(update={"proposals": tuple(proposals), "stances": stances})
