-- Edge cases for metric_truth_integration_test: daylight-saving hours and
-- days, a 169-hour week, fractional window edges, colliding incident ids.
-- Each case has its own service so the cases do not see each other; the
-- expected values are derived by hand next to each assertion in the test.
INSERT INTO delivery_events
  (event_type, service, team, environment, commit_sha, first_commit_ts, occurred_at, success, is_rollback, hotfix, incident_id, source, dedupe_key)
VALUES
  -- spring: Berlin skips 02:00-03:00 local on 2026-03-29 (01:00Z). One deploy in each UTC hour 00..02.
  ('deploy','spring',NULL,'prod','s1','2026-03-28 23:30Z','2026-03-29 00:30Z',true,false,false,NULL,'ci','spring-1'),
  ('deploy','spring',NULL,'prod','s2','2026-03-28 23:30Z','2026-03-29 01:30Z',true,false,false,NULL,'ci','spring-2'),
  ('deploy','spring',NULL,'prod','s3','2026-03-28 23:30Z','2026-03-29 02:30Z',true,false,false,NULL,'ci','spring-3'),
  -- autumn: Berlin repeats 02:00-03:00 local on 2026-10-25 (00:00Z-01:00Z CEST, 01:00Z-02:00Z CET).
  ('deploy','autumn',NULL,'prod','f1','2026-10-24 23:00Z','2026-10-25 00:30Z',true,false,false,NULL,'ci','autumn-1'),
  ('deploy','autumn',NULL,'prod','f2','2026-10-24 23:00Z','2026-10-25 01:30Z',true,false,false,NULL,'ci','autumn-2'),
  -- long-week: one deploy in the Berlin week of 2026-10-19 (169 hours), one in the week before (168 hours).
  ('deploy','long-week',NULL,'prod','w1',NULL,'2026-10-21 10:00Z',true,false,false,NULL,'ci','week-1'),
  ('deploy','long-week',NULL,'prod','w0',NULL,'2026-10-14 10:00Z',true,false,false,NULL,'ci','week-0'),
  -- collide: incident INC-7 on two services, each linked to its own deploy.
  ('deploy','collide-a',NULL,'prod','ca',NULL,'2026-05-04 09:00Z',true,false,false,NULL,'ci','ca'),
  ('deploy','collide-b',NULL,'prod','cb',NULL,'2026-05-04 09:30Z',true,false,false,NULL,'ci','cb'),
  ('incident_open','collide-a',NULL,'prod',NULL,NULL,'2026-05-04 10:00Z',NULL,false,false,'INC-7','pagerduty','pa-open'),
  ('incident_open','collide-b',NULL,'prod',NULL,NULL,'2026-05-04 11:00Z',NULL,false,false,'INC-7','opsgenie','pb-open'),
  ('incident_resolved','collide-a',NULL,'prod',NULL,NULL,'2026-05-04 10:30Z',NULL,false,false,'INC-7','pagerduty','pa-res'),
  ('incident_resolved','collide-b',NULL,'prod',NULL,NULL,'2026-05-04 13:00Z',NULL,false,false,'INC-7','opsgenie','pb-res'),
  -- lonely: only an incident, no deploys (the report's zero rule).
  ('incident_open','lonely',NULL,'prod',NULL,NULL,'2026-05-05 10:00Z',NULL,false,false,'L-1','pagerduty','lonely-open');

-- short-day: 23 deploys on Berlin's 23-hour 2026-03-29, one per elapsed hour.
INSERT INTO delivery_events (event_type, service, environment, commit_sha, occurred_at, success, source, dedupe_key)
SELECT 'deploy', 'short-day', 'prod', 'sd' || h, timestamptz '2026-03-28 23:10Z' + h * interval '1 hour', true, 'ci', 'sd' || h
FROM generate_series(0, 22) AS h;

-- long-day: 23 deploys on Berlin's 25-hour 2026-10-25.
INSERT INTO delivery_events (event_type, service, environment, commit_sha, occurred_at, success, source, dedupe_key)
SELECT 'deploy', 'long-day', 'prod', 'ld' || h, timestamptz '2026-10-24 22:10Z' + h * interval '1 hour', true, 'ci', 'ld' || h
FROM generate_series(0, 22) AS h;

-- precise: 92 deploys, one per day of 2026-06-01 .. 2026-08-31 (UTC noon),
-- with lead times 1..92 hours.
INSERT INTO delivery_events (event_type, service, environment, commit_sha, first_commit_ts, occurred_at, success, source, dedupe_key)
SELECT 'deploy', 'precise', 'prod', 'p' || d, t - d * interval '1 hour', t, true, 'ci', 'p' || d
FROM generate_series(1, 92) AS d, LATERAL (SELECT timestamptz '2026-05-31 12:00Z' + d * interval '1 day' AS t) AS x;

-- The failure ledger's worked examples (docs/metrics.md), on 2026-12-07 UTC,
-- one service each.
INSERT INTO delivery_events
  (event_type, service, environment, commit_sha, occurred_at, success, is_rollback, hotfix, incident_id, source, dedupe_key)
VALUES
  -- ex-a: a failed deploy, its rollback and an incident.
  ('deploy','ex-a','prod','a1','2026-12-07 10:00Z',true ,false,false,NULL,'ci','ex-a-1'),
  ('deploy','ex-a','prod','a2','2026-12-07 12:00Z',false,false,false,NULL,'ci','ex-a-2'),
  ('deploy','ex-a','prod','a1','2026-12-07 12:20Z',true ,true ,false,NULL,'ci','ex-a-3'),
  ('incident_open','ex-a','prod',NULL,'2026-12-07 12:05Z',NULL,false,false,'A-1','pagerduty','ex-a-4'),
  ('incident_resolved','ex-a','prod',NULL,'2026-12-07 12:30Z',NULL,false,false,'A-1','pagerduty','ex-a-5'),
  -- ex-b: two incidents on one deploy.
  ('deploy','ex-b','prod','b1','2026-12-07 09:00Z',true ,false,false,NULL,'ci','ex-b-1'),
  ('incident_open','ex-b','prod',NULL,'2026-12-07 09:30Z',NULL,false,false,'B-1','pagerduty','ex-b-2'),
  ('incident_resolved','ex-b','prod',NULL,'2026-12-07 10:00Z',NULL,false,false,'B-1','pagerduty','ex-b-3'),
  ('incident_open','ex-b','prod',NULL,'2026-12-07 11:00Z',NULL,false,false,'B-2','pagerduty','ex-b-4'),
  ('incident_resolved','ex-b','prod',NULL,'2026-12-07 13:00Z',NULL,false,false,'B-2','pagerduty','ex-b-5'),
  ('deploy','ex-b','prod','b2','2026-12-07 15:00Z',true ,false,false,NULL,'ci','ex-b-6'),
  -- ex-c: an incident before any deploy.
  ('incident_open','ex-c','prod',NULL,'2026-12-07 08:00Z',NULL,false,false,'C-1','pagerduty','ex-c-1'),
  ('incident_resolved','ex-c','prod',NULL,'2026-12-07 08:30Z',NULL,false,false,'C-1','pagerduty','ex-c-2'),
  ('deploy','ex-c','prod','c1','2026-12-07 09:00Z',true ,false,false,NULL,'ci','ex-c-3'),
  -- ex-d: a deploy rolled back without an incident.
  ('deploy','ex-d','prod','d1','2026-12-07 10:00Z',true ,false,false,NULL,'ci','ex-d-1'),
  ('deploy','ex-d','prod','d2','2026-12-07 12:00Z',true ,false,false,NULL,'ci','ex-d-2'),
  ('deploy','ex-d','prod','d1','2026-12-07 12:30Z',true ,true ,false,NULL,'ci','ex-d-3'),
  -- ex-e: a deploy fixed by a hotfix.
  ('deploy','ex-e','prod','e1','2026-12-07 10:00Z',true ,false,false,NULL,'ci','ex-e-1'),
  ('deploy','ex-e','prod','e2','2026-12-07 11:00Z',true ,false,true ,NULL,'ci','ex-e-2'),
  -- ex-f: a failed deploy fixed by the next deploy.
  ('deploy','ex-f','prod','f1','2026-12-07 10:00Z',false,false,false,NULL,'ci','ex-f-1'),
  ('deploy','ex-f','prod','f2','2026-12-07 10:45Z',true ,false,false,NULL,'ci','ex-f-2');
