"""Twinning: city-to-city partnerships for readers, matchmaking, drafts and the demo partnerships.

A floor above knowledge's core and above experts: it may import both (experts take part in
partnerships and are suggested as mentors), and neither imports it. The models
(`knowledge.models.twinning`) stay with the knowledge app's label, tables and migrations; only
what builds on them lives here.
"""
