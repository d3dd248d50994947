"""The "Dritte Orte" pinboard of workshop 2 in the reference documentation.

``../shared/reference/kommunalkonferenz-kassel-2023.txt``, question by
question, as it documents the board; shared by the tests that rebuild it
(the draft's transcript, the cluster suggestions).
"""

from __future__ import annotations

REFERENCE_BOARD: dict[str, list[str]] = {
    "Was sind „Dritte Orte“?": [
        "Zivilgesellschaftlich geprägt", "Selbst geschaffen und für „alle“ zugänglich",
        "Oldenburg 90er Jahre -> Orte der Kommunikation", "Kann auch themengebunden sein",
        "Ohne Konsumzwang", "Nicht kommerziell", "Stadtteilbibliotheken in München + Gespräche",
        "Soziale Knotenpunkte", "„Alle“ Altersgruppen", "Urban vs. ländlich",
    ],
    "Wer trägt die Kosten?": [
        "Träger kann jeder sein", "Hausmeister & Versicherung => typisch deutsch",
    ],
    "3. Orte gibt es überall, man muss nur wissen wo": [
        "Möglichkeiten für Leerstände", "Andere Funktionen zuführen", "Tante Emma Läden mit Bank",
        "3. Raum muss nicht fest sein -> mobil", "Bibliothek – Scheunen – Gasthaus",
        "Impulse sind notwendig (z.B. Kirche)", "Graffiti-Szene über alle Gebiete",
        "„Raus aus den Blasen“ -> Neues entdecken", "Ressort übergreifend denken",
    ],
    "Was müssen wir als Kommune machen?": [
        "Verantwortlichkeiten in Verwaltung definieren (Querschnittsaufgabe)",
        "Ermöglichung durch Haltung", "Öffentlichkeitsarbeit",
        "Anlasslose Vernetzung aller Fachplanungen", "Harte E-Förderung <-> weiche E-Förderung",
        "Zugänge schaffen", "Zufallsbegegnung", "Selbstwirksamkeit ermöglichen",
        "Hingehen!", "Ansprechen", "Bürgerbeteiligung als „Druckmittel“",
    ],
    "Wie transportiert man das Thema nach außen?": [
        "Aufgabe von Stadtteilarbeiter:in", "Stadtplanung als Demokratieförderung",
        "Einladung aussprechen", "Vom Zufall zur Struktur?",
    ],
    "Welche Erwartungshaltung weckt man?": [
        "Menschen nicht vergessen", "Zu den Menschen gehen", "„Spezielle“ 3. Orte",
        "Demokratie lebt von Zufallsbegegnung", "Beispiel Mannheim Springbrunnenplatz",
        "Menschen begegnen, denen man nicht begegnen möchte",
    ],
    "3. Orte sind spontan & flexibel aber auch organisiert": [
        "„Es muss (nicht) immer alles bleiben“", "Stadtplanung", "Wohnungsbaugenossenschaft",
        "Zweckentwicklung -> Organisation notwendig", "Zwischennutzung",
        "Zivilgesellschaft selbst kann organisieren", "Kommunen sollten dahinter stehen",
        "Räume zur Verfügung stellen (Kommune u.a.) & bespielt von allen",
    ],
    "Was braucht die Zivilgesellschaft?": [
        "3. Orte brauchen Unterstützung für die Attraktivitätssteigerung",
        "Förderung von Sachkosten ...", "Kooperation z.B. zu Schule",
        "Flexible Unterstützung anbieten", "Personen, die es ermöglichen",
        "Brücken bauen => Kneipe & Kunst, Schule & Senioren", "Förderung nicht auf Ressort bezogen",
    ],
}
