-- The embedded event bus (streams of events, durable consumers with cursors, de-duplication) and a
-- small key-value table (sensor dependency state, event source state such as a calendar's last tick).
-- Applied once, inside a transaction, by migrate.ts.

-- One row per stream: the last sequence handed out. Kept apart from the events so a sequence is
-- never handed out twice, even after every event has been pruned (consumer cursors stay meaningful).
CREATE TABLE bus_streams (
  stream TEXT PRIMARY KEY,
  last_seq INTEGER NOT NULL
);

-- The events still kept. `subject` is the routing subject consumers select by; `source` and
-- `event_id` are kept for de-duplication and inspection; `published_at` is epoch milliseconds.
CREATE TABLE bus_events (
  stream TEXT NOT NULL,
  seq INTEGER NOT NULL,
  subject TEXT NOT NULL,
  source TEXT NOT NULL,
  event_id TEXT NOT NULL,
  published_at INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (stream, seq)
);
-- A read is one range per subject after the cursor; pruning acked events is one range per subject.
CREATE INDEX bus_events_by_subject ON bus_events (stream, subject, seq);
-- Pruning by age (maxAge).
CREATE INDEX bus_events_by_time ON bus_events (stream, published_at);

-- Ids seen within the de-duplication window. Outlives its event: an event acked and pruned at once
-- must still stop a second publish of its id until the window ends.
CREATE TABLE bus_dedupe (
  stream TEXT NOT NULL,
  source TEXT NOT NULL,
  event_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (stream, source, event_id)
);
CREATE INDEX bus_dedupe_by_expiry ON bus_dedupe (stream, expires_at);

-- Durable consumers: everything up to `acked_seq` is handled.
CREATE TABLE bus_consumers (
  stream TEXT NOT NULL,
  consumer TEXT NOT NULL,
  acked_seq INTEGER NOT NULL,
  PRIMARY KEY (stream, consumer)
);

-- The subjects of each consumer. `from_seq` is the stream's last sequence when the subject was
-- added: events of it at or before that were published before the consumer asked for them.
CREATE TABLE bus_consumer_subjects (
  stream TEXT NOT NULL,
  consumer TEXT NOT NULL,
  subject TEXT NOT NULL,
  from_seq INTEGER NOT NULL,
  PRIMARY KEY (stream, consumer, subject),
  FOREIGN KEY (stream, consumer) REFERENCES bus_consumers (stream, consumer) ON DELETE CASCADE
);
-- Pruning asks, per subject, how far every consumer of it has got.
CREATE INDEX bus_consumer_subjects_by_subject ON bus_consumer_subjects (stream, subject);

-- Small named values, grouped in buckets; listed by key prefix (a range of the primary key).
CREATE TABLE kv_entries (
  bucket TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (bucket, key)
);
