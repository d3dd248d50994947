"""The survey before the event in a draft: "Vorabbefragung", its ranking and a chart.

As the reference tells it ("In einer Vorabbefragung … Hieraus wurden die
folgenden drei meistgenannten Themen … ausgewählt"): how many answered and how
many topics each could pick, every topic with its votes and its share of those
who answered, most picked first, the topics that became sessions named below,
and a bar chart of the votes. Nobody is named: a survey's answers are counted,
never shown. A survey nobody answered is left out.
"""

from __future__ import annotations

from drafts.blocks import Block, BulletList, Heading, Paragraph, Table
from drafts.composition import share_percent
from drafts.figures import bar_chart
from drafts.model import DraftInput
from drafts.text import one_line
from flows import survey as sv
from locales import Translator


def survey_blocks(draft: DraftInput, t: Translator) -> list[Block]:
    """The event's survey as a chapter of its own; nothing without a survey or an answer."""
    state = draft.survey
    if state is None or not state.choices:
        return []
    answered = sv.respondents(state)
    ranked = sv.ranking(state)
    rows = tuple(
        (str(rank), one_line(state.topics[topic - 1]), str(votes),
         t("draft.percent", value=share_percent(votes, answered)),
         "✓" if topic in state.planned else "")
        for rank, (topic, votes) in enumerate(ranked, start=1))
    blocks: list[Block] = [
        Heading(level=1, text=t("kit.draft_survey")),
        Paragraph.of(t("kit.draft_survey_intro", count=answered, topics=len(state.topics),
                       picks=state.picks)),
        Table(header=(t("kit.draft_rank"), t("kit.draft_topic"), t("kit.draft_votes"),
                      t("kit.draft_share"), t("kit.draft_planned")),
              rows=rows, caption=t("kit.draft_survey_caption")),
    ]
    if state.planned:
        blocks.append(Paragraph.of(t("kit.draft_survey_chosen", count=len(state.planned))))
        blocks.append(BulletList.of(*(one_line(state.topics[topic - 1])
                                      for topic in state.planned)))
    blocks.extend(bar_chart(t, "chart-survey.png", t("kit.chart_survey"), t("kit.chart_votes"),
                            [(one_line(state.topics[topic - 1]), votes)
                             for topic, votes in ranked]))
    return blocks
