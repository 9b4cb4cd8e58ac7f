-- Hand-built fixture for metrics_integration_test. Window under test:
-- [2026-01-01T00:00:00Z, 2026-02-01T00:00:00Z). Expected values are derived
-- by hand in the test next to each assertion.
INSERT INTO delivery_events
  (event_type, service, team, environment, commit_sha, first_commit_ts, occurred_at, success, is_rollback, hotfix, incident_id, source, dedupe_key)
VALUES
  -- api (payments): lead samples 7200, 86400, 3600, 21600, 0 (clamped), 3600; one skewed; one failed; one rollback; one hotfix
  ('deploy','api','payments','prod','a1','2026-01-05 08:00Z','2026-01-05 10:00Z',true ,false,false,NULL,'ci','d1'),
  ('deploy','api','payments','prod','a2','2026-01-05 10:00Z','2026-01-06 10:00Z',true ,false,false,NULL,'ci','d2'),
  ('deploy','api','payments','prod','a3','2026-01-07 11:00Z','2026-01-07 12:00Z',true ,false,false,NULL,'ci','d3'),
  ('deploy','api','payments','prod','a4','2026-01-08 06:00Z','2026-01-08 12:00Z',true ,false,false,NULL,'ci','d4'),
  ('deploy','api','payments','prod','a5','2026-01-09 12:02Z','2026-01-09 12:00Z',true ,false,false,NULL,'ci','d5'),
  ('deploy','api','payments','prod','a6','2026-01-10 15:00Z','2026-01-10 12:00Z',true ,false,false,NULL,'ci','d6'),
  ('deploy','api','payments','prod','a7','2026-01-11 10:00Z','2026-01-11 12:00Z',false,false,false,NULL,'ci','d7'),
  ('deploy','api','payments','prod','a8',NULL               ,'2026-01-11 12:30Z',true ,true ,false,NULL,'ci','d8'),
  ('deploy','api','payments','prod','a9','2026-01-12 08:00Z','2026-01-12 09:00Z',true ,false,true ,NULL,'ci','d9'),
  ('deploy','api','payments','staging','a9','2026-01-12 08:00Z','2026-01-12 08:30Z',true,false,false,NULL,'ci','d10'),
  ('deploy','api','payments','prod','a0','2025-12-30 23:00Z','2025-12-31 23:00Z',true ,false,false,NULL,'ci','d11'),
  ('change','api','payments',NULL,'a9','2026-01-12 08:00Z','2026-01-12 08:10Z',NULL,false,false,NULL,'github','c1'),
  -- web (payments): only two samples
  ('deploy','web','payments','prod','w1','2026-01-15 09:00Z','2026-01-15 10:00Z',true ,false,false,NULL,'ci','w1'),
  ('deploy','web','payments','prod','w2','2026-01-14 10:00Z','2026-01-16 10:00Z',true ,false,false,NULL,'ci','w2'),
  -- db (platform): lead samples 86400 x3, 172800, 259200; one failed
  ('deploy','db','platform','prod','p1','2026-01-02 09:00Z','2026-01-03 09:00Z',true ,false,false,NULL,'ci','p1'),
  ('deploy','db','platform','prod','p2','2026-01-03 09:00Z','2026-01-04 09:00Z',true ,false,false,NULL,'ci','p2'),
  ('deploy','db','platform','prod','p3','2026-01-04 09:00Z','2026-01-05 09:00Z',false,false,false,NULL,'ci','p3'),
  ('deploy','db','platform','prod','p4','2026-01-05 09:00Z','2026-01-06 09:00Z',true ,false,false,NULL,'ci','p4'),
  ('deploy','db','platform','prod','p5','2026-01-05 09:00Z','2026-01-07 09:00Z',true ,false,false,NULL,'ci','p5'),
  ('deploy','db','platform','prod','p6','2026-01-05 09:00Z','2026-01-08 09:00Z',true ,false,false,NULL,'ci','p6'),
  -- orphan: no team
  ('deploy','orphan',NULL,'prod','o1','2026-01-20 09:00Z','2026-01-20 10:00Z',true ,false,false,NULL,'ci','o1'),
  -- incidents (PagerDuty rows carry no team)
  ('incident_open'    ,'api',NULL,'prod',NULL,NULL,'2026-01-11 12:10Z',NULL,false,false,'i1','pagerduty','i1o'),
  ('incident_open'    ,'api',NULL,'prod',NULL,NULL,'2026-01-11 12:15Z',NULL,false,false,'i1','pagerduty','i1o-dup'),
  ('incident_resolved','api',NULL,'prod',NULL,NULL,'2026-01-11 13:10Z',NULL,false,false,'i1','pagerduty','i1r'),
  ('incident_open'    ,'api',NULL,'prod',NULL,NULL,'2026-01-20 10:00Z',NULL,false,false,'i2','pagerduty','i2o'),
  ('incident_resolved','api',NULL,'prod',NULL,NULL,'2026-01-20 11:00Z',NULL,false,false,'i2','pagerduty','i2r'),
  ('incident_open'    ,'db' ,NULL,'prod',NULL,NULL,'2026-01-07 09:30Z',NULL,false,false,'i3','pagerduty','i3o'),
  ('incident_resolved','db' ,NULL,'prod',NULL,NULL,'2026-01-07 11:30Z',NULL,false,false,'i3','pagerduty','i3r'),
  ('incident_open'    ,'db' ,NULL,'prod',NULL,NULL,'2026-01-05 10:00Z',NULL,false,false,'i4','pagerduty','i4o'),
  ('incident_open'    ,'api',NULL,'prod',NULL,NULL,'2026-01-09 13:00Z',NULL,false,false,'i5','pagerduty','i5o'),
  ('incident_resolved','api',NULL,'prod',NULL,NULL,'2026-01-09 12:00Z',NULL,false,false,'i5','pagerduty','i5r'),
  ('incident_open'    ,'api',NULL,'prod',NULL,NULL,'2026-01-08 12:30Z',NULL,false,false,'i7','pagerduty','i7o'),
  ('incident_resolved','api',NULL,'prod',NULL,NULL,'2026-01-08 12:31Z',NULL,false,false,'i7','pagerduty','i7r'),
  ('incident_resolved','api',NULL,'prod',NULL,NULL,'2026-01-08 13:00Z',NULL,false,false,'i7','pagerduty','i7r2');
