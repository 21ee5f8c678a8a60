"""Events: registration, reminders, calendar files, turning an event into a forum report, the demo events.

A floor above knowledge's core and above experts: it may import both (only members register),
and neither imports it. The page models (`knowledge.models.event`, `event_index`,
`event_registration`) stay with the knowledge app's label, tables and migrations; the page
routes reach this floor through `knowledge.models.event.event_handlers`, filled in at start-up.
"""
