package demo

import "praxis"

const (
	guide     = praxis.ArticleGuide
	lesson    = praxis.ArticleLesson
	asset     = praxis.ArticleAsset
	faq       = praxis.ArticleFAQ
	reference = praxis.ArticleReference
)

// knowledge is each community's knowledge base as it grew: some articles
// written by hand, some drafted from solved threads, one adapted from
// another community; most published, a few still drafts or in review, and
// some published so long ago that they are due for review today.
var knowledge = map[string][]kbArticle{
	"clinical-handover": {
		{
			kind: asset, by: "hannah-cho", ago: 330, topics: []string{"sbar"},
			title: "SBAR template for escalation calls",
			body: `Use SBAR when you **escalate one problem**: calling a doctor, the rapid response team or a senior nurse about a patient who worries you, or handing over a single patient in a hurry. For the shift handover of all your patients, use I-PASS.

## The template

Say it in this order. Write down what was agreed, with the time.

~~~text
S  Situation       I am [name], [role] on [ward]. I am calling about [patient], bed [ ].
                   The problem is [what worries you, in one sentence].
B  Background      Admitted on [date] with [diagnosis]. Relevant history: [ ].
                   Current treatment: [ ]. Allergies: [ ].
A  Assessment      HR [ ]  BP [ ]  RR [ ]  SpO2 [ ]  Temp [ ]  EWS [ ]
                   I think the problem is [ ]  /  I am not sure, but I am worried.
R  Recommendation  I would like you to [see the patient within __ minutes].
                   Is there anything I should do before you arrive?
   Read-back       [what was agreed, by whom, by when]
~~~

## Tips from the wards

| Tip | Why |
|---|---|
| Have the observation chart in front of you before you call | The first question is always "what are the obs?" |
| Say "I am worried" out loud | It is a clinical finding, and it changes how the listener listens |
| End with a read-back and a time | "Dr Lee will review by 03:30" can be handed over; "will come" cannot |
| Write the call in the record | Who you called, when, and what was agreed |

Printed on the back of the bedside handover pocket card.`,
			published: 325, verifiedBy: "amara-okafor", verifiedAgo: 320,
			reuses: []kbReuse{
				{"samuel-adeyemi", 150, "The ED's escalation calls to the medical registrar follow it; we added the read-back line to our induction."},
				{"marcus-whitfield", 60, "Used in every escalation call of the third-year simulation scenarios."},
				{"daniel-reyes", 40, "The headings of the new escalation note in the record follow this template, in this order."},
			},
		},
		{
			kind: reference, by: "samuel-adeyemi", ago: 384, topics: []string{"audit", "transfers"},
			title: "Handover-related incidents in the emergency departments: the 2024 baseline",
			body: `Incidents from the reporting system, January to December 2024, emergency departments only. They are the baseline for the charter goal *Halve handover-related incidents reported by the emergency departments*.

| Site | ED attendances | Handover-related incidents | Per 10,000 attendances |
|---|---|---|---|
| Seattle Central | 68,400 | 41 | 6.0 |
| Tacoma General | 52,900 | 37 | 7.0 |
| Spokane Valley | 31,200 | 15 | 4.8 |
| Bellingham | 24,700 | 12 | 4.9 |
| Anchorage | 19,800 | 9 | 4.5 |
| **Network** | **197,000** | **114** | **5.8** |

## What counts

An incident counts when its reviewer chose "Communication" and the description shows a transfer of responsibility: between shifts, between teams (ED to ward, ED to ICU) or between sites.

## The most frequent contributing factors

1. An action or result nobody owned after the handover (38)
2. Illness severity not stated, and the patient deteriorated within four hours (24)
3. A medication change not handed over (19)
4. Handover interrupted or left incomplete (17)
5. Other (16)

## Read with care

- Reporting rates differ between sites: a rise after a campaign may mean more reporting, not more incidents.
- Counted by hand from the free text with the patient safety office. The 2025 figures will be counted the same way and added here once the year is complete.`,
			published: 380, reviewMonths: 12,
			reuses: []kbReuse{
				{"hannah-cho", 150, "Quoted the Bellingham figures in 4B's quarterly safety report."},
			},
		},
		{
			by: "samuel-adeyemi", ago: 95, thread: "Who owns pending test results after an ED-to-ward transfer?",
			revisions: []kbRevision{{
				ago: 94, by: "samuel-adeyemi", title: "Pending results at transfer: who owns them?",
				lead:    "**In short:** whoever orders a test owns its result until they hand it over *by name*. Pending results are the last line of the I-PASS action list, and the receiving nurse reads them back. Re-routing results in the record is a safety net, not the mechanism.",
				summary: "A summary at the top",
			}},
			published: 94, verifiedBy: "hannah-cho", verifiedAgo: 80,
			reuses: []kbReuse{
				{"grace-lindqvist", 70, "Quoted in two incident reviews where a result was missed after a transfer."},
				{"marcus-whitfield", 50, "The ED-to-ward transfer scenario is built around the \"owner by name\" rule."},
			},
		},
		{
			by: "amara-okafor", ago: 62, thread: "Bedside handover when the patient has visitors: what do you say?",
			revisions: []kbRevision{{
				ago: 62, by: "amara-okafor", kind: guide, title: "Bedside handover with visitors present: what to say",
				lead:    "**In short:** ask the patient, not the family, whether visitors stay; keep a short list of things never said at the bedside and hand those over at the station afterwards; and invite the family to add what they noticed.",
				summary: "Turned into a guide, with a summary",
			}},
			published: 61,
			reuses: []kbReuse{
				{"marcus-whitfield", 30, "The three steps are now the script of the family-present simulation scenario."},
			},
		},
		{
			by: "hannah-cho", ago: 20, thread: "How do you hand over a deteriorating patient at shift change?",
			revisions: []kbRevision{{
				ago: 19, by: "hannah-cho", kind: guide, title: "Handing over a deteriorating patient: walk the watchers",
				lead: `**In short:**

1. Hand over deteriorating patients first, and at the bedside, even when the rest is done at the station.
2. Say the illness severity before anything else: "this is a watcher".
3. The outgoing nurse tells the doctor who is coming to review that the patient's nurse is changing, and to whom.
4. The outgoing nurse stays until the receiving nurse has seen the patient.`,
				summary: "Turned into a guide; the four rules at the top",
			}},
			review: &kbReviewRound{ago: 18, reviewers: []string{"amara-okafor", "samuel-adeyemi"}, reviews: []kbReview{
				{"samuel-adeyemi", 15, praxis.ReviewApproved, "Approved. For a later version: the time of the call to the doctor, as on the pocket card."},
			}},
		},
		{
			kind: asset, by: "hannah-cho", ago: 5, topics: []string{"bedside-handover", "documentation"}, stewards: []string{"amara-okafor"},
			title: "Bedside handover pocket card, version 3",
			body: `Draft of version 3, after {{ref:Pocket card v2: feedback from the night shift}}. What changes: the SBAR prompt on the back goes, the print gets bigger, and there is a box for the calls made overnight, with their time.

~~~text
BED ___   NAME ____________________   AGE ___   WATCHER?  yes / no

I  Illness severity     stable / watcher / unstable
P  Patient summary      ___________________________________
A  Actions              ____________________  owner _______
   Pending              ___________________________________
S  Situation awareness  if ______________ then ____________
S  Synthesis            receiver reads back the actions  [ ]

CALLED TONIGHT          who __________  at __:__  about ___________
                        review pending?  yes / no
~~~

Open questions before we print:

- Laminated or paper? Paper takes a pen at 3 a.m.; laminated survives the shift.
- Does the "called tonight" box need a second line for patients called about twice?`,
		},
	},

	"data-engineering-guild": {
		{
			kind: guide, by: "tom-becker", ago: 305, topics: []string{"pipelines", "orchestration"}, stewards: []string{"priya-natarajan"},
			title: "Nightly loads: the on-call runbook",
			body: `For whoever holds the on-call phone. The loads run in Airflow from 01:00 Pacific; the dashboards refresh at 06:30, so anything fixed before 06:00 is invisible to the wards.

## The nightly loads

| Load | Starts | Usually done | Depends on | If it fails |
|---|---|---|---|---|
| ADT events | 01:00 | 02:10 | EHR extract | Rerun: it is idempotent |
| Lab results | 01:15 | 01:35 | Lab export file | Check that the file arrived (step 3) |
| Medication administrations | 02:15 | 02:50 | ADT | Rerun after ADT |
| Bed occupancy mart | 03:00 | 03:20 | ADT, lab | Rerun; tell the bed managers if it is after 06:00 |

## 1. Late, or broken?

~~~sql
-- the last successful run of each load
SELECT load_name, max(finished_at) AS last_success
FROM ops.load_runs
WHERE status = 'success'
GROUP BY load_name
ORDER BY last_success;
~~~

## 2. Rerun a failed task

In the Airflow 1.10 web interface: open the DAG, click the failed task, choose *Clear* with "Downstream" ticked, and confirm. Never mark a task as successful to silence the alert.

## 3. The lab export file did not arrive

The vendor drops it on the SFTP server by 01:00. If it is missing at 01:30, call the lab system's on-call number ("Lab system support" on the intranet), not the vendor's help desk.

## 4. When to wake someone

- The bed occupancy mart is not loaded by 05:30: call the data engineering lead.
- Anything that looks like patient data in the wrong place: call the data protection office's on-call number at once.`,
			published: 300, reviewMonths: 6,
			reuses: []kbReuse{
				{"ingrid-halvorsen", 200, "Got me through my first on-call week without waking anyone."},
				{"kevin-oduya", 25, "Restarted the lab results load at 03:00 with step 3. Step 2 still describes the Airflow 1.10 screens, which are gone."},
			},
		},
		{
			by: "priya-natarajan", ago: 108, thread: "Incremental loads from the EHR audit log without missing late rows",
			revisions: []kbRevision{{
				ago: 108, by: "priya-natarajan", kind: guide, title: "Incremental loads: put the watermark on the insert time",
				lead:    "**In short:** put the high-water mark on the time a row arrived in the source, not on the event time. If the source has no such column, reload a lookback window and deduplicate on the key; set the window from the lateness you measured, and reconcile the previous day in full every night for the EHR's monthly downtime.",
				summary: "Turned into a guide, with a summary",
			}},
			published: 107, verifiedBy: "tom-becker", verifiedAgo: 106,
			reuses: []kbReuse{
				{"elena-sousa", 70, "Used the lookback window for the research data platform's audit feed, which has no insert time."},
				{"kevin-oduya", 20, "Same pattern for the lab results feed: it has a received_at column."},
			},
		},
		{
			by: "olivia-grant", ago: 97, thread: "Pseudonymising patient identifiers before they reach the warehouse",
			revisions: []kbRevision{{
				ago: 96, by: "olivia-grant", kind: guide, title: "Pseudonymising patient identifiers: the guild's recommendation",
				lead: `**The recommendation, as agreed with the research data committee:**

1. Normalise the record number first (spaces, case, site prefixes, leading zeros), so one patient gets one pseudonym.
2. Pseudonymise with a keyed hash (HMAC-SHA-256), never a plain hash.
3. Keep the key in the secrets vault; only the data protection office can read it.
4. Use a key per study when studies must not be linkable with each other.
5. Re-identification goes through the data protection office, which computes the pseudonym of a candidate number.`,
				summary: "The recommendation as the committee accepted it",
			}},
			published: 95, verifiedBy: "priya-natarajan", verifiedAgo: 94,
			reuses: []kbReuse{
				{"ingrid-halvorsen", 85, "The readmission extract now carries the study pseudonym instead of the MRN."},
				{"kenji-watanabe", 60, "Pseudonymised the sensor study's patient list the same way, with a key for the study."},
			},
		},
		{
			kind: lesson, by: "ingrid-halvorsen", ago: 80, topics: []string{"pipelines", "postgresql"},
			title: "Lesson learned: the five-hour nightly ADT load",
			body: `## What happened

Over a year the nightly ADT load crept from 40 minutes to five hours while the volume grew by only 30%. Nobody noticed until the bed occupancy dashboard was still empty at 06:30.

## What we found

One statement took 3 h 50 min: a NOT IN over 14 million transfer rows. Rewritten as NOT EXISTS, it takes 6 minutes.

~~~sql
-- before: NOT IN against a subquery that grows every night
DELETE FROM stg_transfers
WHERE encounter_id NOT IN (SELECT encounter_id FROM wh.encounters);

-- after
DELETE FROM stg_transfers s
WHERE NOT EXISTS (
  SELECT 1 FROM wh.encounters e WHERE e.encounter_id = s.encounter_id
);
~~~

## What we would do differently

- Time every statement from the start (a task per statement, or clock_timestamp() logged between them), so a slow step shows on the first night, not after a year.
- Alert when a load takes twice its median of the past month.
- Prefer NOT EXISTS everywhere: NOT IN is also *wrong* when the subquery returns a NULL, because it then matches nothing.

Thanks to @tom-becker and @priya-natarajan for the pointers in {{ref:Our nightly ADT pipeline takes five hours: where do I start?}}.`,
			published: 79,
			reuses: []kbReuse{
				{"tom-becker", 50, "Found two more NOT IN deletes in the lab results load; 20 minutes saved every night."},
			},
		},
		{
			kind: asset, by: "priya-natarajan", ago: 18, topics: []string{"data-quality", "postgresql"}, stewards: []string{"tom-becker"},
			title: "SQL data-quality checklist for code review",
			body: `Agreed in {{ref:A code review checklist for SQL changes}}, after a changed join doubled the bed counts for a day. Paste it into the description of every merge request that changes SQL, and tick what you checked.

~~~markdown
- [ ] Row counts before and after, on yesterday's data, are explained
- [ ] Joins are on keys unique on at least one side, or the fan-out is intended
- [ ] NULLs in join keys are handled on purpose
- [ ] No SELECT * in models that feed dashboards
- [ ] Every timestamp has an explicit time zone
- [ ] Deleted and corrected records still behave (cancelled ADT events, corrected lab results)
- [ ] New columns have a test
- [ ] The change has run against the synthetic test set
~~~

## Comparing row counts

~~~sql
-- yesterday's data, before and after the change
SELECT 'before' AS version, count(*) AS row_count, count(DISTINCT encounter_id) AS encounters
FROM mart.bed_occupancy
WHERE snapshot_at >= current_date - 1 AND snapshot_at < current_date
UNION ALL
SELECT 'after', count(*), count(DISTINCT encounter_id)
FROM dev_mart.bed_occupancy
WHERE snapshot_at >= current_date - 1 AND snapshot_at < current_date;
~~~

When the row count grows and the number of encounters does not, a join fans out. To find it:

~~~sql
SELECT ward_id, count(*)
FROM ref.wards
GROUP BY ward_id
HAVING count(*) > 1;  -- any row here: a join on ward_id duplicates
~~~`,
			published: 17,
			revisions: []kbRevision{{
				ago: 14, by: "tom-becker",
				replace: []string{"- [ ] Every timestamp has an explicit time zone\n", ""},
				tail:    "Time zones are no longer on the list: the new lint rule fails on timestamp without time zone.",
				summary: "Time zones are checked by the lint rule now",
			}},
			restored:   &kbRestore{by: "priya-natarajan", ago: 12, number: 1},
			verifiedBy: "tom-becker", verifiedAgo: 11,
			reuses: []kbReuse{
				{"kevin-oduya", 8, "Went through it for my first model change; it caught a fan-out on ward_id."},
				{"ingrid-halvorsen", 6, "Reviewed the bed-occupancy checks with it before they went live."},
				{"elena-sousa", 4, "Adopted it for code review on the research data platform."},
			},
		},
		{
			kind: reference, by: "kevin-oduya", ago: 10, topics: []string{"onboarding"}, stewards: []string{"priya-natarajan"},
			title: "Warehouse glossary: ADT, MRN, encounter and friends",
			body: `The words I had to look up in my first month, for the next person who joins from outside healthcare. Draft: corrections welcome.

| Term | Meaning | Where you meet it |
|---|---|---|
| ADT | Admission, discharge and transfer events: every move of a patient | The nightly ADT load, stg_adt_events |
| MRN | Medical record number; older systems at some sites format it differently | Never in the research copy |
| Encounter | One stay or visit, from admission to discharge; everything joins to it | wh.encounters |
| Census | The patients in a bed at a given moment | mart.bed_occupancy, hourly |
| EWS | Early warning score, computed from vital signs | stg_observation |
| Watcher | A patient the nurses are worried about (I-PASS illness severity) | Not in the warehouse yet |`,
			revisions: []kbRevision{{
				ago: 4, by: "kevin-oduya",
				tail:    "## FHIR resources\n\nFrom {{ref:Which FHIR resources do you flatten, and how?}}: Patient, Encounter, Observation, MedicationAdministration and Condition are flattened into staging tables, picking fields on purpose; the raw JSON is kept beside them.",
				summary: "Added the FHIR resources",
			}},
		},
	},

	"patient-safety-stewards": {
		{
			kind: guide, by: "grace-lindqvist", ago: 392, topics: []string{"library"},
			title: "Falls prevention on the wards (2019)",
			body: `Adopted by the network's falls group in 2019 and carried into this library unchanged.

1. Assess every patient aged 65 or over for falls risk within 24 hours of admission, and again after any fall.
2. For confused patients at high risk, raise the bed rails at night.
3. Use low beds for patients at high risk where available.
4. Keep the call bell, glasses and walking aid within reach.
5. After a fall: check for injury before moving the patient, call the doctor, record the fall and report it within 24 hours.`,
			published: 391,
			revisions: []kbRevision{{
				ago: 95, by: "grace-lindqvist", title: "Falls prevention on the wards (2019, withdrawn)",
				lead:    "**Withdrawn.** The recommendation on bed rails for confused patients no longer holds: the national guidance withdrew it. Follow the national falls guidance. Two local points still hold: low beds for patients at risk, and the call bell within reach.",
				summary: "Withdrawn: the bed rails recommendation no longer holds",
			}},
			archived: 95,
		},
		{
			kind: reference, by: "luis-moreno", ago: 388, topics: []string{"medication-safety", "library"},
			title: "High-alert medications: the 2019 list",
			body: `The network's list of high-alert medications as adopted in 2019. A 2026 edition is in preparation; until it is published, this list applies.

| Medication or group | Main risk | Required safeguard |
|---|---|---|
| Insulin, all forms | Tenfold errors with syringe units | Independent double check; insulin syringes only |
| Anticoagulants | Bleeding; duplicate therapy | Dose checked against weight and renal function |
| Opioids: IV, PCA, patches | Respiratory depression | Double check for IV and PCA; sedation score |
| Potassium chloride concentrate | Cardiac arrest if given undiluted | Kept in pharmacy and ICU only; premixed bags on wards |
| Chemotherapy | Wrong dose or regimen | Two pharmacist checks; regimen order sets |
| Neuromuscular blockers | Paralysis without ventilation | Separate storage, warning caps |
| Methotrexate, oral | Daily instead of weekly dosing | Day of the week written on the chart |

## The independent double check

Two qualified staff check the drug, dose, rate and patient **separately**, then compare. Watching someone else prepare it is not a double check.

## Reporting

Report every error with a high-alert medication, near misses included, within 24 hours.`,
			published: 385, reviewMonths: 12, verifiedBy: "grace-lindqvist", verifiedAgo: 384,
			reuses: []kbReuse{
				{"amara-okafor", 300, "The ICU's double-check card is built on the table."},
				{"hannah-cho", 190, "Part of the medical ward's induction pack for new nurses."},
			},
		},
		{
			kind: lesson, by: "grace-lindqvist", ago: 80, topics: []string{"learning-summaries", "handover"},
			title: "Learning summary: wrong-patient blood sample on a night shift",
			body: `## What happened

At night, a blood sample was labelled with the details of the patient in the next bed. Both patients had the same surname. The laboratory caught the error because the blood group did not match the patient's record. No harm.

## Why it happened

- Labels for two patients were printed in one batch, in advance; the lab system allowed it, because the setting that forbids it was off
- No wristband check at the bedside: the patient was asleep
- Same surname, adjacent beds, and no alert in the record or on the ward board

## What we changed

1. Labels are printed at the bedside, one patient at a time: handheld printers on three wards, the rest in the spring (clinical engineering)
2. The lab system forbids printing labels for two patients in one batch (laboratory IT)
3. A same-surname alert on the ward board (ward managers)
4. Wristbands are checked even when the patient is asleep; the patient leaflet says so
5. Until a ward has handheld printers: print at the station one patient at a time, and carry only that patient's labels

## What to do differently

Label at the bedside, one patient at a time, after checking the wristband, even at 3 a.m.

Tags: patient identification; equipment and IT; night shift · Steward: @grace-lindqvist · Review: in 12 months`,
			published: 79, verifiedBy: "luis-moreno", verifiedAgo: 75,
			reuses: []kbReuse{
				{"hannah-cho", 60, "Read out at the 4B safety huddle; we label at the bedside with the new handheld printer."},
				{"samuel-adeyemi", 55, "Tagged the ED's spring near miss with the same factors, so the pattern shows."},
			},
		},
		{
			kind: asset, by: "grace-lindqvist", ago: 34, topics: []string{"learning-summaries", "taxonomy"},
			title: "One-page learning summary template",
			body: `Adopted after {{ref:A template for one-page learning summaries}}. Every learning summary in the library uses it.

~~~markdown
## What happened
Three sentences. No names, no dates finer than the month.

## Why it happened
- contributing factor (from the taxonomy)

## What we changed
1. change, owner, date
   (or: "We have not changed anything yet", and why the lesson is shared now)

## What to do differently
One sentence a nurse can remember.

Tags: factor; factor · Steward: @handle · Review: month and year
~~~

## Rules

- "What to do differently" is required: it is the line people remember.
- The tags are a fixed line, so that summaries can be found by contributing factor.
- At most one printed page.
- Before a summary leaves Northwind, a steward checks it against {{ref:Sharing lessons with Coastal University without identifying staff}}.`,
			published: 33, verifiedBy: "luis-moreno", verifiedAgo: 32,
			reuses: []kbReuse{
				{"samuel-adeyemi", 20, "Wrote the weekend escalation summary with it."},
				{"olivia-grant", 10, "Checked two summaries for Coastal's nursing school against it."},
				{"luis-moreno", 4, "Drafting the infusion pump summary with it."},
			},
		},
		{
			by: "olivia-grant", ago: 45, thread: "Sharing lessons with Coastal University without identifying staff",
			revisions: []kbRevision{{
				ago: 45, by: "olivia-grant", kind: guide, title: "Sharing learning summaries outside Northwind: the rules",
				lead:    "**The rules, as agreed:** only summaries older than 12 months; site and ward replaced by their type; dates reduced to the season; nothing about an event that happened fewer than three times in the network; no quotes from staff statements; and a steward reads each one before it leaves.",
				summary: "The rules at the top",
			}},
			published: 44,
			reuses: []kbReuse{
				{"amara-okafor", 30, "Checked the ICU teaching cases against the rules before sending them to Coastal."},
			},
		},
		{
			kind: lesson, by: "luis-moreno", ago: 3, topics: []string{"medication-safety", "learning-summaries"}, stewards: []string{"grace-lindqvist"},
			title: "Learning summary: infusion pumps programmed in mL/h instead of mg/h",
			body: `## What happened

Five times this year, on the same volumetric pump model, a rate was entered in mL/h where the pump expected a dose in mg/h, or the reverse. Each report was reviewed on its own ward and closed. No lasting harm.

## Why it happened

- The pump shows both modes on one screen; the unit is in small print
- The drug library is optional: the pump can be programmed without it
- Five reviews on five wards, so nobody saw the pattern

## What we changed

We have not changed anything yet. Requested: biomedical engineering locks the pump in drug library mode.

## What to do differently

Program infusions from the drug library, and read the unit aloud at the double check.

Tags: medication; equipment design · Steward: @luis-moreno, @grace-lindqvist · Review: (draft)`,
		},
	},

	"care-innovation-lab": {
		{
			kind: lesson, by: "fatima-haddad", ago: 88, topics: []string{"pilots", "evaluation"},
			title: "Failing fast: what the smart pill box pilot taught us",
			body: `We stopped the smart pill box pilot after six of a planned twelve weeks. This is what the next team should know.

## What went wrong

1. **It beeped at the wrong times.** 9 of 20 patients stopped using it within two weeks: the reminders could not be moved for people who eat late. It was in our interview notes, but the device could not be configured.
2. **Refills needed a pharmacist visit** we had not budgeted: $2,100 in six weeks.
3. **The adherence data could not be trusted.** It did not match what patients told us, and without a reference we could not tell which was right.
4. **The data never reached the warehouse** in a usable form, so nobody could have analysed it anyway.

## Before the next device pilot

- Can the device be set up for how patients actually live? Try it before the pilot, not after.
- Compare it against a reference for two weeks before measuring outcomes.
- Where does the data land, and who owns it?
- Put every recurring cost in the budget: refills, visits, staff time.
- Write down in advance the result that would make us stop.

## What we kept

The co-design interviews taught us more about medicines at home than the box did, and they shaped the video check-in idea.`,
			published: 87, verifiedBy: "rahul-mehta", verifiedAgo: 85,
			reuses: []kbReuse{
				{"kenji-watanabe", 40, "The wearable pilot starts with two weeks of comparison against the observation round, as point 3 suggests."},
				{"ingrid-halvorsen", 30, "Added \"where does the data land, and who owns it?\" to the readmission service plan."},
			},
		},
		{
			by: "fatima-haddad", ago: 55, thread: "Who approves a pilot that touches the EHR?",
			revisions: []kbRevision{{
				ago: 55, by: "fatima-haddad", kind: guide, title: "Approvals for a pilot that touches the EHR: who, and in what order",
				lead:    "**In short:** the clinical systems board first (monthly; submit two weeks ahead), the data protection office in parallel if any data leaves the record, then the change board, which the EHR team submits. Anything patient-facing also goes to the patient experience panel. Allow eight weeks end to end.",
				summary: "Turned into a guide, with a summary",
			}},
			published: 54,
			reuses: []kbReuse{
				{"kenji-watanabe", 35, "Sent the clinical systems board and data protection forms in parallel for the sensor pilot; both answered within three weeks."},
			},
		},
		{
			by: "fatima-haddad", ago: 50, from: &kbRef{"clinical-handover", "SBAR template for escalation calls"},
			revisions: []kbRevision{{
				ago: 50, by: "fatima-haddad", title: "SBAR for escalating a video check-in",
				lead: "**Adapted for the video check-in pilot.** The heart failure nurses use it when a check-in shows a patient getting worse at home: weight up more than 2 kg in three days, breathless at rest, or new swelling.",
				replace: []string{
					"Printed on the back of the bedside handover pocket card.",
					"In the pilot the nurse calls the heart failure consultant on the direct line; out of hours, the medical registrar. Tell the patient who will call back, and when.",
				},
				topics: []string{"sbar", "remote-monitoring"}, stewards: []string{"fatima-haddad", "rahul-mehta"},
				summary: "Adapted for video check-ins with patients at home",
			}},
			published: 45,
		},
	},

	"research-software": {
		{
			by: "kenji-watanabe", ago: 105, thread: "Pinning R package versions with renv on the cluster",
			published: 104, verifiedBy: "elena-sousa", verifiedAgo: 103,
			reuses: []kbReuse{
				{"marcus-whitfield", 100, "Pinned the transcript-coding Shiny app's packages before publishing it."},
				{"priya-natarajan", 80, "The pipeline-delays analysis runs on the cluster the same way now."},
			},
		},
		{
			by: "elena-sousa", ago: 80, thread: "Packaging a Python analysis so a reviewer can rerun it",
			revisions: []kbRevision{{
				ago: 80, by: "elena-sousa", kind: guide,
				lead:    "**In short:** move the shared code into a small package, pin everything (a pyproject.toml and a lock file), give the figures one command, try it on a clean machine or in CI, and archive the version you send with a DOI.",
				summary: "Turned into a guide, with a summary",
			}},
			published: 79,
			reuses: []kbReuse{
				{"ingrid-halvorsen", 60, "Did exactly this for the readmission paper before submission; the reviewer reran it in an afternoon."},
				{"tom-becker", 40, "Used the pyproject.toml layout for the Python port of the wearable pipeline."},
			},
		},
		{
			kind: asset, by: "elena-sousa", ago: 13, topics: []string{"packaging", "testing", "ci"}, stewards: []string{"kenji-watanabe"},
			title: "Template repository for analysis projects",
			body: `Start every new analysis from the template repository, research-software/analysis-template on the university GitLab. Version 1.0 gives you, from the first commit:

| What | Where | Why |
|---|---|---|
| Tests for Python and R | tests/ and tests/testthat/ | A change that breaks a result fails loudly |
| Continuous integration | .gitlab-ci.yml | Tests on every push; GPU tests for merge requests only |
| Pinned environments | pyproject.toml with a lock file; renv.lock | The same packages next year |
| Citation file | CITATION.cff | So that people can credit you |
| Licence guide | README.md | Which licence, and whom to ask |

## Starting a project

~~~sh
git clone https://gitlab.coastal.example/research-software/analysis-template.git my-study
cd my-study
rm -rf .git && git init
python -m venv .venv && . .venv/bin/activate
pip install -e ".[test]"
pytest
~~~

Then change the name in pyproject.toml and the authors in CITATION.cff, and push to a new GitLab project: the pipeline should be green within minutes.

## Layout

~~~text
my-study/
├── src/my_study/     code the notebooks share
├── notebooks/        thin: they call src/
├── tests/            pytest; slow tests marked
├── data/synthetic/   the shared synthetic test set
├── CITATION.cff
└── pyproject.toml
~~~

Questions and wishes: the code clinic, Thursdays at 11:00 Halifax time.`,
			published: 13, verifiedBy: "kenji-watanabe", verifiedAgo: 12,
			reuses: []kbReuse{
				{"tom-becker", 12, "Started a new project from it: green CI within 20 minutes."},
				{"ingrid-halvorsen", 9, "Moved the readmission models onto it; renv and CI worked the first time."},
				{"priya-natarajan", 5, "Took its CITATION.cff and CI set-up for the pipeline-delays paper."},
			},
		},
		{
			kind: guide, by: "olivia-grant", ago: 20, topics: []string{"licensing", "reproducibility"}, stewards: []string{"elena-sousa"},
			title: "Sharing analysis code from studies with patient data",
			body: `Draft for the charter goal of the same name: what may be published with the code of a study that used patient data, and what stays behind the firewall.

| Item | Publish? | Notes |
|---|---|---|
| Analysis code | Yes, usually | Check it holds no paths, server names or credentials |
| Synthetic test data | Yes | Generated, never derived row by row from real records |
| Aggregated results | Yes, cells of 10 patients or more | Smaller cells are suppressed |
| Model coefficients | Ask first | Rare categories can identify people |
| Real data, even pseudonymised | No | Access through the data protection office |
| Notebooks with output cells | Not as they are | Clear the outputs before committing |

## Before you publish

1. Search the whole history, not only the latest commit, for data files and credentials:

~~~sh
git log --all --name-only --format= | sort -u | grep -Ei '\.(csv|xlsx|parquet|sav|rds)$'
git log --all -p | grep -Ein 'password|secret|token|mrn' | head
~~~

2. Clear the notebooks' outputs.
3. Ask a colleague who did not work on the study to read the repository as a stranger would.

Open question for the reviewers: does every release need the research office's approval, or only the first?`,
		},
	},
}

// collections are the communities' curated lists; the "start here" ones
// greet newcomers on the community page.
var collections = map[string][]kbCollection{
	"clinical-handover": {{
		title: "Start here: handover at Northwind", by: "amara-okafor", ago: 10, startHere: true,
		description: "New to the community, or to handover? Begin with these, in this order.",
		items: []kbItem{
			{thread: "I-PASS or SBAR for nurse-to-nurse handover on medical wards?", note: "Why we use I-PASS for handover and SBAR for escalation."},
			{article: "SBAR template for escalation calls", note: "For the call at 3 a.m. about a patient who worries you."},
			{article: "Who owns pending test results after an ED-to-ward transfer?", note: "The rule behind the last line of every action list."},
			{article: "Bedside handover when the patient has visitors: what do you say?", note: "What to say when the family is in the room."},
			{thread: "Handover simulation week at Coastal University: sign up here", note: "Practise it with us."},
		},
	}},
	"data-engineering-guild": {
		{
			title: "Start here: your first weeks in the guild", by: "priya-natarajan", ago: 9, startHere: true,
			description: "What we point every new data engineer to. Ask in the guild whenever something is unclear: no question is too small.",
			items: []kbItem{
				{thread: "First week here: which pipelines should I read first?", note: "Which pipelines to read first, and in what order."},
				{article: "Nightly loads: the on-call runbook", note: "Read it before your first on-call week. It is due for review: step 2 still shows Airflow 1.10."},
				{article: "Incremental loads from the EHR audit log without missing late rows", note: "The late-rows problem every incremental load meets."},
				{article: "Pseudonymising patient identifiers before they reach the warehouse", note: "Why the research copy never holds a record number."},
				{article: "SQL data-quality checklist for code review", note: "For every merge request that changes SQL."},
			},
		},
		{
			title: "Data quality", by: "tom-becker", ago: 7,
			description: "Checks, tests and the incidents that taught us to write them.",
			items: []kbItem{
				{article: "SQL data-quality checklist for code review"},
				{thread: "Great Expectations or plain SQL assertions?", note: "Plain SQL assertions, and why."},
				{thread: "How do you test dbt models that depend on FHIR extensions?"},
				{article: "Lesson learned: the five-hour nightly ADT load"},
			},
		},
	},
	"research-software": {{
		title: "Start here: research software at Northwind and Coastal", by: "kenji-watanabe", ago: 10, startHere: true,
		description: "The answers to the questions everyone asks in their first month.",
		items: []kbItem{
			{article: "Template repository for analysis projects", note: "Start your next project here."},
			{article: "Packaging a Python analysis so a reviewer can rerun it"},
			{article: "Pinning R package versions with renv on the cluster"},
			{thread: "Synthetic data to test pipelines that handle patient records", note: "Testing without patient data."},
			{thread: "Which licence for code from a hospital-funded study?"},
		},
	}},
}
