-- Merchant self-service (issue 14, DESIGN section 9): FAQ articles (replicated, pull-only),
-- "this solved it" deflections, NPS answers and the satisfaction survey (seed 003 CSI).

CREATE TABLE faq_articles (
  id uuid PRIMARY KEY,
  -- NULL: a general article, offered for no category in particular.
  category text CHECK (category IN ('replace_device', 'replace_sam_card', 'replace_network_card',
    'paper_supply', 'transaction_settlement', 'merchant_data', 'other')),
  locale text NOT NULL CHECK (locale IN ('id', 'en')),
  question text NOT NULL CHECK (length(question) BETWEEN 1 AND 300),
  answer text NOT NULL CHECK (length(answer) BETWEEN 1 AND 4000),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted boolean NOT NULL DEFAULT false,
  txid xid8 NOT NULL DEFAULT pg_current_xact_id()
);
SELECT edc_make_replicated('faq_articles', 'faq_articles');

-- One row per "this solved it": the id is made on the phone, so a re-send is a no-op.
CREATE TABLE faq_deflections (
  id uuid PRIMARY KEY,
  article_id uuid NOT NULL REFERENCES faq_articles (id),
  category text,
  username text NOT NULL,
  mid text,
  at timestamptz NOT NULL
);
CREATE INDEX faq_deflections_at_idx ON faq_deflections (at);

-- NPS answers, at most one per MID per 90 days (enforced by the service under a row lock
-- of the case being confirmed; the rule itself is shared/domain/satisfaction.ts).
CREATE TABLE nps_responses (
  id uuid PRIMARY KEY,
  mid text NOT NULL,
  username text NOT NULL,
  case_id uuid REFERENCES cases (id),
  score integer NOT NULL CHECK (score BETWEEN 0 AND 10),
  at timestamptz NOT NULL
);
CREATE INDEX nps_responses_mid_at_idx ON nps_responses (mid, at);
CREATE INDEX nps_responses_at_idx ON nps_responses (at);

-- Satisfaction survey windows (seed 003: CSI at least twice a year), opened by a supervisor.
CREATE TABLE survey_windows (
  id uuid PRIMARY KEY,
  title text NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX survey_windows_ends_idx ON survey_windows (ends_at);

-- One answer per MID and window. `unit` is the responsible unit of the merchant's latest
-- case, `region` the merchant's: the dashboard groups results by both.
CREATE TABLE survey_responses (
  id uuid PRIMARY KEY,
  window_id uuid NOT NULL REFERENCES survey_windows (id),
  mid text NOT NULL,
  username text NOT NULL,
  region text,
  unit text,
  score integer NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment text,
  at timestamptz NOT NULL,
  UNIQUE (window_id, mid)
);

-- Auto-close scan: resolved cases by resolution time.
CREATE INDEX cases_resolved_idx ON cases (resolved_at) WHERE status = 'resolved' AND NOT deleted;
