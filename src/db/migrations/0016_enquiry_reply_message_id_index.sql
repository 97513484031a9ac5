-- Undelivered notices are matched to the enquiry replies they return by Message-ID compared without
-- case (`lower(message_id)`), which the (office_id, message_id, direction) index cannot serve: each
-- notice read the whole of enquiry_messages. Inbound processing now asks for a batch's notices at
-- once (src/enquiries/find-enquiry-replies.ts); this index answers it, and the lock that follows.
CREATE INDEX IF NOT EXISTS "enquiry_messages_out_message_id_lower_idx" ON "enquiry_messages" USING btree (lower("message_id")) WHERE "direction" = 'out';
