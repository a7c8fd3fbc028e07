-- When this service first heard of each landing (its own clock): the pipeline hears of a landing through the same
-- delivery, so the wait for the run the landing starts counts from here when the landing's completion arrived late.
-- A redelivered or replayed completion of the same landing keeps it; a newer landing resets it. Rows recorded before
-- this column existed keep it NULL: the wait counts from the landing itself, as before.
ALTER TABLE input_landings ADD COLUMN heard_at TIMESTAMP WITH TIME ZONE;
