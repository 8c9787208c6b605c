"""The published results as kept in FinalResults.results: plain JSON, so the public page
and the API read them as published, whatever is scored or renamed afterwards. People's
names are not kept: they are shown only while the person consents to publication."""

from collections.abc import Iterable

from teams.final.jury.results import Results
from teams.projects.models import MediaProject


def results_snapshot(computed: Results, projects: Iterable[MediaProject]) -> dict:
    """{"projects": [row, ...] best first, "overall": [project id, ...],
    "by_direction": {code: [project id, ...]}, "directions": [{code, name, name_en}],
    "unscored": [project id, ...]}."""
    by_id = {p.pk: p for p in projects}
    rows, by_direction, directions = [], {}, {}
    for placed in computed.placed:
        project = by_id[placed.project_id]
        direction = project.team.direction
        directions[direction.code] = (direction.position, direction.name, direction.name_en)
        rows.append(
            {
                "project_id": project.pk,
                "title": project.title,
                "team_id": project.team_id,
                "team_number": project.team.number,
                "direction": direction.code,
                "score": round(placed.score, 4),
                "raw_percent": round(placed.raw * 100, 1),
                "jurors": placed.jurors,
                "place": placed.place,
                "place_in_direction": placed.place_in_direction,
                "tie": placed.tie,
                "tie_in_direction": placed.tie_in_direction,
            }
        )
    for row in sorted(rows, key=lambda r: (r["place_in_direction"], r["project_id"])):
        by_direction.setdefault(row["direction"], []).append(row["project_id"])
    return {
        "projects": rows,
        "overall": [row["project_id"] for row in rows],
        "by_direction": by_direction,
        "directions": [
            {"code": code, "name": name, "name_en": name_en}
            for code, (_position, name, name_en) in sorted(directions.items(), key=lambda d: (d[1][0], d[0]))
        ],
        "unscored": computed.unscored,
    }
