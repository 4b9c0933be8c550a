"""The project archetype, derived from field and engagement when a file does not give it.

002 separates single-solution projects (one system: fare card, traffic centre, water
system, e-government) from city-development projects (a district, a new town, a smart
complex) (002 L264-293); 000 sells master plans to partners that lack them (000 L60-66), so
a master-plan engagement is knowledge work, not a development judged by its site. The
rules' scopes (`applies`) read the archetype; this table is the one place it is derived.
"""

from __future__ import annotations

CITY_FIELDS = frozenset({"smart_city_development", "urban_regeneration", "housing"})
KNOWLEDGE_ENGAGEMENTS = frozenset({"training", "policy_consulting", "master_plan"})
SOLUTION_ENGAGEMENTS = frozenset({"system_build", "pilot", "operation", "design"})
SOLUTION_FIELDS = frozenset({"fare_collection", "traffic_management", "e_government"})


def derive_archetype(field: str | None, engagement: str | None) -> str | None:
    """The archetype a (field, engagement) pair implies, or None where it stays unknown."""
    if engagement in KNOWLEDGE_ENGAGEMENTS:
        return "knowledge_sharing"  # training, consulting and master plans (000 L60-66, L360)
    if engagement == "feasibility_study":  # a district's F/S is city development at planning stage (002 Clark)
        return "city_development" if field in CITY_FIELDS or field == "urban_planning" else "knowledge_sharing"
    if field in CITY_FIELDS:
        return "city_development"  # 002 L264-293
    if engagement == "infrastructure_build":
        return "infrastructure"
    if engagement in SOLUTION_ENGAGEMENTS:
        return "solution"
    if engagement is None:
        if field in SOLUTION_FIELDS:
            return "solution"
        if field == "urban_rail":
            return "infrastructure"
        if field == "urban_planning":
            return "knowledge_sharing"
    return None
