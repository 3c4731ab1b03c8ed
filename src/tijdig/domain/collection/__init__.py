"""Collection: policies and their steps, and the records the engine reads and writes
(disputes, promises to pay, steps taken, contact events, tasks)."""
