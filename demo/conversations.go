package demo

import "praxis"

// conversation is a demo thread as it happened: who started it and when,
// its replies, and what became of it. Who writes what is chosen so that
// each member's conversations fit the participation level planned for them.
type conversation struct {
	kind, title, by string
	ago             int      // days before now it was started
	topics          []string // from the community's topics, or a member's proposal
	body            string   // markdown; {{ref:Title}} links to an earlier thread
	replies         []reply
	accepted        int  // the reply the asker accepted, counting from 1; 0 for none
	pinDays         int  // announcements: pinned until this many days from now
	closed, locked  bool // by the founding coordinator, after the last reply
}

// reply is a reply to a demo thread.
type reply struct {
	by    string
	after int // hours after the thread was started
	to    int // the reply it answers, counting from 1; 0 for the thread
	body  string
}

// topic is one of a community's topics, set out and approved by its
// founding coordinator.
type topic struct{ name, description string }

const (
	question     = praxis.KindQuestion
	discussion   = praxis.KindDiscussion
	announcement = praxis.KindAnnouncement
)

var topics = map[string][]topic{
	"clinical-handover": {
		{"i-pass", "The I-PASS structure: illness severity, patient summary, action list, situation awareness, synthesis."},
		{"sbar", "Situation, background, assessment, recommendation: for escalation and short handovers."},
		{"bedside-handover", "Handing over at the bedside, with the patient and their family."},
		{"deterioration", "Patients whose condition changes around a handover."},
		{"transfers", "ED to ward, ICU to step-down and other moves between teams."},
		{"documentation", "Handover in the record: templates, notes and printed lists."},
		{"education", "Teaching handover to students and new staff."},
		{"audit", "Measuring how good our handovers are."},
	},
	"data-engineering-guild": {
		{"pipelines", "Loads, schedules and everything that moves data."},
		{"data-quality", "Checks, contracts and the dashboards that depend on them."},
		{"postgresql", "The warehouse database: queries, indexes, partitions."},
		{"fhir", "FHIR feeds and how we flatten them."},
		{"dbt", "Models, tests and documentation in dbt."},
		{"privacy", "Pseudonymisation and access to patient data."},
		{"orchestration", "Airflow and its alternatives."},
		{"onboarding", "Getting started in the guild."},
	},
	"patient-safety-stewards": {
		{"learning-summaries", "One-page lessons from incidents and near misses."},
		{"medication-safety", "High-alert medicines, look-alike names, pumps."},
		{"taxonomy", "The contributing-factors taxonomy and how we tag reports."},
		{"handover", "Incidents where responsibility changed hands."},
		{"escalation", "Delays in calling for help."},
		{"library", "Keeping the guidance library current: reviews and retirements."},
	},
	"care-innovation-lab": {
		{"remote-monitoring", "Following patients at home: video, phone, devices."},
		{"co-design", "Designing services with patients and families."},
		{"wearables", "Sensors worn by patients."},
		{"pilots", "Running small pilots: plans, costs, results."},
		{"governance", "Approvals: ethics, data protection, clinical systems."},
		{"evaluation", "How we know whether something worked."},
	},
	"research-software": {
		{"python", "Python for research code."},
		{"r", "R and its package ecosystem."},
		{"packaging", "Making code installable, citable and releasable."},
		{"testing", "Tests, test data and fixtures."},
		{"ci", "Continuous integration on GitLab and GitHub."},
		{"hpc", "The cluster: jobs, containers, GPUs."},
		{"licensing", "Licences and ownership of research code."},
		{"reproducibility", "Getting the same results again, on another machine."},
	},
}

var conversations = map[string][]conversation{
	"clinical-handover": {
		{
			kind: question, by: "daniel-reyes", ago: 112, topics: []string{"transfers", "documentation"},
			title: "Who owns pending test results after an ED-to-ward transfer?",
			body: `Last month a troponin resulted two hours after the patient had left the ED for a ward. The ED physician assumed the admitting team would see it; the admitting team assumed the ED had reviewed everything before the transfer. Nobody looked at it until the morning round. No harm this time.

In the record the result goes to the *ordering* physician's inbox, and that physician is off shift by then.

- Who should own a result that is pending at the moment of transfer?
- Do any of your sites hand pending results over explicitly, and how?
- Would a rule that re-routes results to the attending of record on admission help, or only create noise?`,
			replies: []reply{
				{by: "samuel-adeyemi", after: 3, body: `In our ED we agreed on a simple rule: **whoever orders it owns it until they hand it over by name**. In practice the pending results are the last line of the I-PASS action list:

> Pending: troponin sent 14:10, repeat lactate due 15:00. Ward team to review.

The receiving nurse reads it back. Re-routing in the inbox would help as a safety net, but not as the main mechanism: it lands with an attending who may not look until the evening.`},
				{by: "amara-okafor", after: 20, body: `From the nursing side: on 4B we made "pending results" a required field of the transfer note last year. After three months it was filled in about 70% of transfers. The field alone doesn't do it; what made the difference was the receiving nurse asking for it out loud.`},
				{by: "daniel-reyes", after: 26, to: 1, body: `Thank you both. I'll take the "owner by name" rule to the ED leads, and ask the EHR team whether the transfer summary can list open orders automatically instead of relying on free text.`},
			},
			accepted: 1,
		},
		{
			kind: discussion, by: "amara-okafor", ago: 105, topics: []string{"i-pass", "sbar"},
			title: "I-PASS or SBAR for nurse-to-nurse handover on medical wards?",
			body: `We are about to choose one structure for nurse-to-nurse handover across all Northwind sites (it's the first goal on our charter). The two candidates are SBAR, which most of us learned in school, and I-PASS, which the ED physicians already use.

| | SBAR | I-PASS |
|---|---|---|
| Designed for | Escalating one problem | Handing over the whole patient |
| Illness severity up front | No | Yes |
| Explicit action list | Recommendation only | Yes, with owners |
| Receiver sums up | No | Yes (synthesis) |
| Evidence for handover | Mixed | Multi-site study, fewer errors |

My view: SBAR stays for escalation calls, I-PASS for handover. What am I missing?`,
			replies: []reply{
				{by: "hannah-cho", after: 4, body: `On 4B we tried I-PASS for six weeks. The synthesis felt awkward for two weeks and then became the part people valued most: it caught two misunderstandings in the first week alone.

What slowed us down was illness severity. Nurses were reluctant to call a patient a "watcher" when the physician hadn't.`},
				{by: "marcus-whitfield", after: 22, body: `Students learn SBAR in their first year, so I'd keep it for escalation as you suggest. If the network adopts I-PASS I'll add it to the third-year simulation scenarios. Two structures are fine as long as each has a clear job.`},
				{by: "samuel-adeyemi", after: 30, body: `ED side: I-PASS has been our standard for two years. One tip: print the mnemonic on the handover sheet itself, not on a poster. People use what is in front of them.`},
				{by: "grace-lindqvist", after: 50, body: `From the incident reports: most of last year's handover-related incidents were about an action nobody owned. The explicit action list in I-PASS addresses exactly that.`},
			},
		},
		{
			kind: question, by: "luis-moreno", ago: 100, topics: []string{"documentation", "i-pass"},
			title: "Handing over medication changes made during the night",
			body: `Pharmacist here, so forgive an outsider's question. When a dose is changed overnight (a held anticoagulant, a new insulin scale), how does the day team find out?

In our medication reconciliation audit, 6 of 40 overnight changes were not mentioned at the morning handover. The change is in the chart, but nobody said it out loud. Is there a place in your handover where medication changes are called out?`,
			replies: []reply{
				{by: "hannah-cho", after: 5, body: `We now start the action list with "changes since the last handover", medication first, and the night nurse reads them from the medication chart, not from memory. Since we started, missed changes in our own spot checks went from about one in five to one in twenty.`},
				{by: "amara-okafor", after: 9, body: `Same idea in the ICU, plus the pharmacist's overnight notes printed on the handover sheet. @luis-moreno, could pharmacy flag high-alert changes in the record so they show up on the printed list?`},
				{by: "luis-moreno", after: 28, to: 2, body: `Yes: we can tag changes to anticoagulants, insulin and opioids. I'll take it to the medication safety committee next month.`},
			},
			accepted: 1,
		},
		{
			kind: question, by: "hannah-cho", ago: 84, topics: []string{"deterioration", "i-pass"},
			title: "How do you hand over a deteriorating patient at shift change?",
			body: `A scenario from last week: at 06:45 a patient's early warning score went from 3 to 5. The night nurse had called the doctor, fluids were running, the review was "pending". At 07:00 handover covered 12 patients, this one got the same 90 seconds as the rest, and the day nurse only realised how worried the night nurse had been at 08:30.

How do you handle this on your wards?

1. Do you hand over deteriorating patients first, or in bed order?
2. Do you do that one at the bedside even when the rest is done at the station?
3. Who tells the doctor that the patient's nurse has changed?`,
			replies: []reply{
				{by: "amara-okafor", after: 2, body: `In the ICU step-down unit: deteriorating patients first, always at the bedside, and the outgoing nurse stays until the receiving nurse has seen the patient. We call it "walk the watchers". It adds five to ten minutes to the end of a night shift, and nobody has asked to drop it.`},
				{by: "samuel-adeyemi", after: 6, body: `The physician's answer to your third question: the outgoing nurse calls the doctor who is coming to review and says "I am handing over to X". Then the doctor knows whom to call back. The worst version of your scenario is the callback going to a nurse who has gone home.

I-PASS helps here too: illness severity is the first thing said. "This is a watcher" changes how the receiver listens.`},
				{by: "marcus-whitfield", after: 26, body: `This would make an excellent simulation scenario for our final-year students, @hannah-cho, if you're willing to help me write it up without identifying details. We have nothing yet on a patient who deteriorates during the handover itself.`},
				{by: "hannah-cho", after: 30, to: 3, body: `Happy to. I'll draft it with the timings above.`},
			},
			accepted: 2,
		},
		{
			kind: discussion, by: "marcus-whitfield", ago: 76, topics: []string{"education", "i-pass"},
			title: "Teaching handover to final-year nursing students",
			body: `Our students practise handover in simulation, but when they start on the wards they tell us the real thing looks nothing like what we taught. What we hear most:

- "Nobody used a structure."
- "I was handed 14 patients in 10 minutes."
- "I didn't dare to ask questions."

What do you wish new graduates knew on their first day? And would a ward let students observe a real handover (with the patients' consent) before their final placement?`,
			replies: []reply{
				{by: "amara-okafor", after: 5, body: `What I wish they knew: asking a question at handover is not rude, it's the job. We teach a read-back of the action list; students could practise that in every scenario.

4B and the ICU step-down unit would both welcome observers. I'll check with the unit managers.`},
				{by: "hannah-cho", after: 22, body: `The 14 patients in 10 minutes is real, and students should see it. The skill is knowing which two of the fourteen deserve five minutes each. Could a scenario give them eight patients and a time limit?`},
				{by: "samuel-adeyemi", after: 48, body: `The ED would host observers too, for the physician-to-nurse handover at transfer, which is an art of its own.`},
			},
		},
		{
			kind: question, by: "hannah-cho", ago: 70, topics: []string{"bedside-handover", "education"},
			title: "Bedside handover when the patient has visitors: what do you say?",
			body:  `We do bedside handover on 4B and patients mostly like it. But when family is in the room we have no good routine. Do you ask visitors to step out? Leave sensitive things for the station? Ask the patient first?`,
			replies: []reply{
				{by: "amara-okafor", after: 4, body: `What works in the ICU:

1. Ask the patient, not the family, whether visitors stay: "We're going to talk about your care; are you happy for your daughter to stay?"
2. Keep a short list of things never said at the bedside (safeguarding concerns, a diagnosis not yet discussed with the patient) and hand those over at the station afterwards.
3. Invite the family to add something. They often know better than we do what changed overnight.`},
				{by: "grace-lindqvist", after: 26, body: `From the complaints side: two complaints last year were about a diagnosis overheard at bedside handover, both before the patient had been told. Amara's second point would have prevented both.`},
				{by: "samuel-adeyemi", after: 50, body: `Agree with all of that. In the ED we also skip the bedside when the patient is confused and the family distressed: a quick huddle outside the room first, then back in together to say hello.`},
			},
			accepted: 1,
		},
		{
			kind: question, by: "samuel-adeyemi", ago: 58, topics: []string{"i-pass", "deterioration"},
			title: "Handover in five minutes: what can safely be left out?",
			body: `At 07:00 the ED has 25 patients and the handover meeting is meant to last 15 minutes. Full I-PASS for every patient won't fit. Our current rule of thumb:

- **Stable, plan clear, nothing pending**: name, location, one-line summary, "nothing pending".
- **Everyone else**: full I-PASS.

Is that safe? What would you never leave out?`,
			replies: []reply{
				{by: "amara-okafor", after: 3, body: `Never leave out: allergies that changed, resuscitation status, anything pending, and the family contact if things go wrong. The rest can be read in the record.

The wards use "stable, plan clear, nothing pending" too. The danger is that "nothing pending" gets said out of habit.`},
				{by: "hannah-cho", after: 8, body: `The rule of thumb is fine as long as the receiver can ask for a full handover of any patient without it being taken as a slight. We say "any you want in full?" at the end, every time.`},
				{by: "daniel-reyes", after: 30, body: `If it helps: I can add a "pending" column to the ED tracking board, filled from open orders, so that "nothing pending" is visible and not only said. The board team estimates two weeks.`},
			},
			accepted: 1,
		},
		{
			kind: question, by: "amara-okafor", ago: 47, topics: []string{"documentation", "i-pass"},
			title: "Can we record handover in the EHR without doubling the work?",
			body: `Nurses tell me they hand over out loud, then write the same thing in the handover note, then again on the paper list they carry. Three copies, none of them complete.

@daniel-reyes, could the handover note in the record be the only written copy, and print as the pocket list?`,
			replies: []reply{
				{by: "daniel-reyes", after: 6, body: `Yes, and it's less work than it sounds. The note can be a structured I-PASS form and the ward list's print view can pull its fields:

| Field | Filled in by | Printed |
|---|---|---|
| Illness severity | Outgoing nurse | Yes |
| Summary | Carried over, edited | First 200 characters |
| Action list | Outgoing nurse | Yes |
| Situation awareness | Outgoing nurse | No |
| Synthesis | Receiving nurse ticks | No |

I'd pilot it on one ward before changing the template across the network.`},
				{by: "hannah-cho", after: 25, body: `4B volunteers. Two lessons from our paper list: it must fit 16 patients on one sheet, and the bed number comes first.`},
				{by: "samuel-adeyemi", after: 49, body: `Please keep it printable. Half our ED computers are on wheels and their batteries are flat by 4 a.m.`},
			},
			accepted: 1,
		},
		{
			kind: question, by: "marcus-whitfield", ago: 38, topics: []string{"audit", "education"},
			title: "Measuring handover quality: which audit tools do you trust?",
			body:  `For the simulation scenarios we need a way to score students' handovers, and I'd like it to be the tool the wards use to audit real ones. What do you use? I know the Handover Evaluation Scale, and I-PASS has its own observation checklist. Any experience with either?`,
			replies: []reply{
				{by: "samuel-adeyemi", after: 5, body: `We use a shortened I-PASS observation checklist in the ED:

| Item | Observed |
|---|---|
| Illness severity stated | yes / no |
| Summary includes recent events | yes / no |
| Action list with owners | yes / no |
| Contingency plans | yes / no |
| Receiver's synthesis | yes / no |

After a half-hour briefing two observers agree on about 90% of items. It doesn't judge tone or interruptions, which is what students struggle with most.`},
				{by: "amara-okafor", after: 28, body: `The Handover Evaluation Scale measures how nurses experienced the handover; it isn't an observation tool. I'd use both: the checklist for what was said, the scale for how it felt.`},
				{by: "grace-lindqvist", after: 52, body: `Whatever you choose, keep the scores out of performance reviews. Audits that feel punitive stop being honest within a quarter.`},
			},
			accepted: 1,
		},
		{
			kind: discussion, by: "samuel-adeyemi", ago: 26, topics: []string{"i-pass", "transfers"},
			title: "Weekend handover between on-call physicians",
			body: `At weekends one physician covers three medical wards. The Friday handover from the weekday teams is the longest and least structured of the week: a list of jobs in a shared document, some of them written on Monday.

Three proposals; which would you support?

1. Friday handover at 16:00 in person with the weekend physician, I-PASS for watchers only.
2. A weekend list that expires: anything not updated since Thursday is dropped.
3. A 15-minute Saturday morning board round with the charge nurses of all three wards.`,
			replies: []reply{
				{by: "amara-okafor", after: 6, body: `All three, and the third above all. The charge nurses know which patients worry them; the weekend doctor doesn't. 4B will make the 15 minutes work.`},
				{by: "marcus-whitfield", after: 30, body: `The second is elegant: a list that expires forces someone to look at every item again.`},
				{by: "samuel-adeyemi", after: 52, to: 2, body: `Agreed, @marcus-whitfield. I'll ask the medical directors to try the second and third for a month, starting next weekend, and report back here.`},
			},
		},
		{
			kind: announcement, by: "amara-okafor", ago: 16, pinDays: 30, topics: []string{"education"},
			title: "Handover simulation week at Coastal University: sign up here",
			body: `Coastal University's simulation lab hosts a **handover simulation week** next month, built on the scenarios this community wrote with @marcus-whitfield.

- Four two-hour sessions, nurses and physicians together
- Scenarios: a patient deteriorating at shift change, an ED-to-ward transfer with pending results, bedside handover with family present
- Open to Northwind staff and Coastal's final-year nursing students

Reply with the session you'd like. Places are limited to 12 per session.`,
			replies: []reply{
				{by: "marcus-whitfield", after: 3, body: `Sessions run on Tuesday and Thursday, mornings and afternoons. The deteriorating-patient scenario is the one @hannah-cho drafted after {{ref:How do you hand over a deteriorating patient at shift change?}}. Thank you, Hannah.`},
				{by: "hannah-cho", after: 20, body: `Thursday morning for me, please, and two more nurses from 4B.`},
			},
		},
		{
			kind: discussion, by: "hannah-cho", ago: 9, topics: []string{"bedside-handover", "documentation"},
			title: "Pocket card v2: feedback from the night shift",
			body: `Version 2 of the pocket card has been on 4B for a month. Feedback from 11 night nurses:

- 9 use it every shift, 2 "when it's busy" (which is when it matters most)
- The "pending" line is the most used part
- Nobody uses the back (the SBAR escalation prompt): too small to read at 3 a.m.

Proposal for v3: drop the back, print bigger, and add a box for "who I called about this patient tonight".`,
			replies: []reply{
				{by: "amara-okafor", after: 5, body: `Yes to all three. The "who I called" box answers Samuel's point about callbacks going to a nurse who has gone home.`},
				{by: "samuel-adeyemi", after: 26, body: `Agreed. Could the box ask for the time of the call too? "Called Dr X at 04:10, review pending" is far more useful than the name alone.`},
			},
		},
		{
			kind: question, by: "marcus-whitfield", ago: 4, topics: []string{"bedside-handover", "education"},
			title: "Interpreters at bedside handover: your experiences?",
			body:  `One of the new simulation scenarios has a patient who speaks little English. On your wards, do you use an interpreter for bedside handover, or hand over at the station and inform the patient later? Video or phone interpreters? I'd like the scenario to show what really happens, not what the policy says.`,
			replies: []reply{
				{by: "amara-okafor", after: 7, body: `Honest answer: at the station, and the patient is informed later, if at all. Video interpreters are available but take 10 to 15 minutes to connect at 07:00. It works when a family member is there and the patient agrees to them interpreting, which the policy discourages for good reasons.`},
			},
		},
	},

	"data-engineering-guild": {
		{
			kind: question, by: "ingrid-halvorsen", ago: 117, topics: []string{"pipelines", "postgresql"},
			title: "Incremental loads from the EHR audit log without missing late rows",
			body: `I load the EHR audit log into the warehouse every 15 minutes, with a high-water mark on the event time:

~~~sql
SELECT *
FROM audit_events
WHERE event_time > :last_loaded_event_time
ORDER BY event_time;
~~~

Compared with a full reload I miss about 0.3% of rows. They seem to be written late: their event time is before my watermark, but they only arrive in the source after I've moved past it. How do you handle late rows without reloading everything?`,
			replies: []reply{
				{by: "tom-becker", after: 3, body: `A classic. Two options that work for us:

1. **Put the watermark on the insert time, not the event time**, if the source has one. Late events get a late insert time, so you never skip them.
2. Without an insert time, **reload a lookback window** and deduplicate on the key:

~~~sql
INSERT INTO wh.audit_events
SELECT *
FROM src.audit_events
WHERE event_time > :last_loaded_event_time - interval '2 hours'
ON CONFLICT (event_id) DO NOTHING;
~~~

Measure how late rows really arrive (the maximum of insert time minus event time over a week) and set the lookback to that plus a margin.`},
				{by: "priya-natarajan", after: 6, body: `+1 to measuring. When we did, 99.9% of rows arrived within 4 minutes and the rest within 40, except during the monthly EHR downtime, when they arrive hours late. For that case we reconcile the previous day in full every night.`},
				{by: "ingrid-halvorsen", after: 26, to: 1, body: `The source does have an ingested_at column; nobody had told me. Switched this morning, and the row counts have matched the full reload for three runs now.`},
			},
			accepted: 1,
		},
		{
			kind: discussion, by: "tom-becker", ago: 110, topics: []string{"orchestration", "dagster"},
			title: "Airflow or Dagster for a team of four?",
			body: `Our Airflow 1.10 installation is out of support and we have to move anyway. We're four engineers with about 60 DAGs, mostly SQL with some Python. Before we simply upgrade to Airflow 2: is anyone running Dagster in production?

What I like on paper: assets instead of tasks, local testing, typed inputs and outputs. What worries me: the migration effort, and whether the security team will accept one more service.`,
			replies: []reply{
				{by: "priya-natarajan", after: 4, body: `My bias: upgrade to Airflow 2 now, and try Dagster on one new pipeline. Migrating 60 DAGs and changing tools at the same time is two projects pretending to be one.`},
				{by: "elena-sousa", after: 20, body: `We use Dagster at Coastal for the research data platform. Local testing is as good as promised, and the asset graph helps researchers see where a table came from. Deployment was the hard part: the daemon, the web server and the code locations are three things to keep alive.`},
				{by: "kenji-watanabe", after: 30, body: `A small data point from the research side: I prototyped the wearable pipeline in Dagster in two days, mostly because I could run all of it on my laptop.`},
				{by: "tom-becker", after: 50, body: `Thanks, all. Decision: Airflow 2 this quarter, and a Dagster pilot for the new FHIR feed. I'll report back.`},
			},
		},
		{
			kind: question, by: "olivia-grant", ago: 101, topics: []string{"privacy", "pipelines"},
			title: "Pseudonymising patient identifiers before they reach the warehouse",
			body: `The research data committee has asked that the research copy of the warehouse never hold medical record numbers. Linking tables must still work, and we must be able to re-identify a patient when a study finds something clinically important, through a controlled process.

What do your pipelines do? A hash? A lookup table? Something else?`,
			replies: []reply{
				{by: "priya-natarajan", after: 5, body: `We use a keyed hash (HMAC) in the pipeline, with the key in the secrets vault rather than in the code:

~~~python
import hashlib
import hmac


def pseudonym(mrn: str, key: bytes) -> str:
    # The same number and key give the same pseudonym, so joins still work.
    digest = hmac.new(key, mrn.strip().upper().encode(), hashlib.sha256)
    return digest.hexdigest()[:32]
~~~

- A plain hash is not enough: record numbers are short, so anyone can hash every possible number and reverse it.
- To re-identify, the data protection office computes the pseudonym of a candidate number; only they can read the key.
- Use a key per study if studies must not be linkable with each other.`},
				{by: "daniel-reyes", after: 28, body: `From the clinical side: normalise the number before hashing (leading zeros, site prefixes). Older systems hold three formats of the same patient's number, and they would become three pseudonyms.`},
				{by: "olivia-grant", after: 50, body: `This is exactly what the committee needed. I'm writing it up as the guild's recommendation, with Daniel's normalisation rules.`},
			},
			accepted: 1,
		},
		{
			kind: question, by: "ingrid-halvorsen", ago: 86, topics: []string{"pipelines", "postgresql"},
			title: "Our nightly ADT pipeline takes five hours: where do I start?",
			body:  `The nightly load of admission, discharge and transfer events has crept from 40 minutes to five hours over the past year, while the volume grew by only 30%. It's one big SQL script run by Airflow. Where would you start?`,
			replies: []reply{
				{by: "tom-becker", after: 2, body: `Find the slow statement instead of guessing: time each step (a task per statement, or log clock_timestamp() between statements), then run EXPLAIN (ANALYZE, BUFFERS) on the worst one. In my experience it's almost always one of these:

- an upsert whose target table lost an index
- a NOT IN against a subquery that grew huge
- statistics that are stale after a bulk load (run ANALYZE after loading the staging tables)`},
				{by: "priya-natarajan", after: 5, body: `And look for locks: if the dashboard refresh reads the same tables in long transactions, the load may spend hours waiting. Watch pg_stat_activity during the run.`},
				{by: "ingrid-halvorsen", after: 30, to: 1, body: `Found it: a NOT IN over 14 million transfer rows. Rewritten as NOT EXISTS, the step went from 3 h 50 min to 6 minutes.

~~~sql
-- before
DELETE FROM stg_transfers
WHERE encounter_id NOT IN (SELECT encounter_id FROM wh.encounters);

-- after
DELETE FROM stg_transfers s
WHERE NOT EXISTS (
  SELECT 1 FROM wh.encounters e WHERE e.encounter_id = s.encounter_id
);
~~~`},
			},
			accepted: 1,
		},
		{
			kind: question, by: "elena-sousa", ago: 75, topics: []string{"dbt", "fhir", "data-quality"},
			title: "How do you test dbt models that depend on FHIR extensions?",
			body:  `Our staging models flatten FHIR Patient resources, including two local extensions (preferred language, interpreter needed). When the EHR vendor changed an extension's URL, the models quietly produced NULLs for a week. How do you test for that?`,
			replies: []reply{
				{by: "priya-natarajan", after: 4, body: `Two tests on the staging model catch it: not_null where the field should always be present, and accepted_values on the extension URL itself, so that a new URL fails loudly instead of disappearing:

~~~yaml
models:
  - name: stg_patient
    columns:
      - name: interpreter_needed
        tests:
          - not_null:
              config:
                where: "extension_count > 0"
      - name: extension_url
        tests:
          - accepted_values:
              values:
                - "https://fhir.northwind.example/StructureDefinition/interpreter-needed"
                - "https://fhir.northwind.example/StructureDefinition/preferred-language"
~~~

Set the severity to warn for the first week to see how noisy they are.`},
				{by: "tom-becker", after: 24, body: `Also alert on the share of NULLs per day in the raw table. A week of NULLs is also a week in which nobody looked; that alert would have fired on the first day.`},
			},
			accepted: 1,
		},
		{
			kind: discussion, by: "priya-natarajan", ago: 63, topics: []string{"data-quality", "pipelines"},
			title: "Data contracts with the lab system vendor: worth the effort?",
			body: `The lab system vendor changes their export format about twice a year, usually without telling us. I'm thinking of asking for a written data contract: schema, meaning of each field, a notice period for changes, and a test file before each release.

Has anyone negotiated something like this with a vendor? Did it hold?`,
			replies: []reply{
				{by: "tom-becker", after: 3, body: `We got one with the pharmacy system vendor two years ago. The schema part held; the notice period didn't, because their release notes never mention the export. What really helped was the test file: our CI runs the pipeline against it before their release goes live.`},
				{by: "daniel-reyes", after: 26, body: `Procurement can put it in the next contract renewal, which for the lab system is this autumn. Write the requirements down now and I'll make sure they reach the contract team.`},
				{by: "ingrid-halvorsen", after: 50, body: `From the research side: please put units and reference ranges in the contract. A silent change from mmol/L to mg/dL is worse than a renamed column.`},
			},
		},
		{
			kind: question, by: "tom-becker", ago: 52, topics: []string{"postgresql", "pipelines"},
			title: "Partitioning ten years of observations in PostgreSQL",
			body:  `The observations table holds 2.1 billion rows of vital signs over ten years. Most queries ask for the last 72 hours of one patient; research extracts ask for years of everyone. Would you partition by month of observed_at, or by patient? And how do you migrate without a long lock?`,
			replies: []reply{
				{by: "priya-natarajan", after: 5, body: `By month of observed_at: both kinds of query filter on time, and old months can be detached and archived. Roughly:

~~~sql
CREATE TABLE observations_new (LIKE observations INCLUDING DEFAULTS)
  PARTITION BY RANGE (observed_at);

CREATE TABLE observations_2025_01 PARTITION OF observations_new
  FOR VALUES FROM ('2025-01-01') TO ('2025-02-01');
-- one per month, generated by a script

CREATE INDEX ON observations_new (patient_id, observed_at);

-- backfill month by month, newest first
INSERT INTO observations_new
SELECT * FROM observations
WHERE observed_at >= '2025-01-01' AND observed_at < '2025-02-01';
~~~

Then take a short lock to copy the last rows and swap the names in one transaction. The primary key has to include observed_at.`},
				{by: "ingrid-halvorsen", after: 22, body: `A warning from the research extracts: pruning only works when the filter is on observed_at itself. Ours filtered on date(observed_at) and scanned every partition until we rewrote them.`},
			},
			accepted: 1,
		},
		{
			kind: question, by: "kevin-oduya", ago: 36, topics: []string{"onboarding", "pipelines"},
			title: "First week here: which pipelines should I read first?",
			body:  `Hi all, I joined the analytics team last week after five years in retail. I know SQL and dbt, but hospital data is new to me. Which pipelines should I read first to understand how data flows here? And is there a glossary for ADT, MRN, encounter and the rest?`,
			replies: []reply{
				{by: "priya-natarajan", after: 3, body: `Welcome, Kevin! In this order:

1. **ADT** (admissions, discharges, transfers): everything joins to encounters, so start there.
2. **Lab results**: the simplest feed, and it shows how we handle late corrections.
3. **Bed occupancy**: it feeds the dashboard everyone looks at, so it's where data quality matters most.

There's no glossary yet. Would you write one as you learn? It's what the onboarding guide on our charter needs, and the newest person is the best one to write it.`},
				{by: "tom-becker", after: 6, body: `Also read the runbook for the nightly loads before your first on-call week. And ask @ingrid-halvorsen about the ADT load: she found the five-hour bug in {{ref:Our nightly ADT pipeline takes five hours: where do I start?}}.`},
			},
			accepted: 1,
		},
		{
			kind: question, by: "kevin-oduya", ago: 30, topics: []string{"onboarding", "privacy"},
			title: "Where can I find the connection settings for the research replica?",
			body:  `I need to query the research replica for a dashboard prototype. Could someone post the host and credentials, or say where they're kept?`,
			replies: []reply{
				{by: "tom-becker", after: 2, body: `Please don't post credentials here, even in an internal community. Access to the research replica goes through the data protection office (the "Research data access" form on the intranet), and the settings come with your account. It takes two or three days.`},
				{by: "priya-natarajan", after: 4, body: `Closing this one, since the answer is the process rather than a setting. I've added it to the onboarding guide. If your request gets stuck, start a new thread and mention me.`},
			},
			closed: true, locked: true,
		},
		{
			kind: discussion, by: "priya-natarajan", ago: 21, topics: []string{"data-quality", "postgresql"},
			title: "A code review checklist for SQL changes",
			body: `After last month's incident (a changed join that doubled the bed counts for a day) I'd like us to agree on a short checklist for reviewing SQL changes. Draft:

- [ ] Row counts before and after, on yesterday's data, are explained
- [ ] Joins are on keys that are unique on at least one side, or the fan-out is intended
- [ ] No SELECT * in models that feed dashboards
- [ ] Every timestamp has an explicit time zone
- [ ] New columns have a test
- [ ] The change has run against the synthetic test set

What would you add or remove?`,
			replies: []reply{
				{by: "kevin-oduya", after: 5, body: `From retail: "NULLs in join keys are handled on purpose." It bit us more often than anything else on this list.`},
				{by: "ingrid-halvorsen", after: 20, body: `Add: "Deleted and corrected records still behave." Lab results get corrected and ADT events get cancelled; a model that only handles inserts will be quietly wrong.`},
				{by: "tom-becker", after: 28, body: `I'd move the time zone item from the checklist into a lint rule that fails on timestamp without time zone in new models. Checklists are for what machines can't check.`},
			},
		},
		{
			kind: question, by: "ingrid-halvorsen", ago: 12, topics: []string{"data-quality", "dbt"},
			title: "Great Expectations or plain SQL assertions?",
			body:  `For the bed-occupancy dashboard checks (a deliverable on our charter) I'm choosing between Great Expectations and plain SQL assertions run by Airflow. The checks are simple: freshness, no negative bed counts, occupancy at most 110% of capacity. Which would you pick?`,
			replies: []reply{
				{by: "tom-becker", after: 3, body: `Plain SQL, for checks this simple. Each check is a query that returns the offending rows, and the task fails if any come back:

~~~sql
-- a ward reporting more occupied beds than it can have
SELECT ward_id, snapshot_at, occupied, capacity
FROM mart.bed_occupancy
WHERE snapshot_at > now() - interval '1 day'
  AND (occupied < 0 OR occupied > capacity * 1.1);
~~~

Great Expectations earns its place when people who don't write SQL define the expectations, or when you want its data docs.`},
				{by: "kevin-oduya", after: 8, body: `Another vote for plain SQL. One addition: put the offending rows in the alert, not just "check failed". It saves the on-call person a query at 2 a.m.`},
				{by: "priya-natarajan", after: 24, body: `Agreed. Make the checks singular tests in the dbt project, so they run in CI as well as in production.`},
			},
			accepted: 1,
		},
		{
			kind: question, by: "kevin-oduya", ago: 5, topics: []string{"fhir", "onboarding"},
			title: "Which FHIR resources do you flatten, and how?",
			body:  `For the onboarding guide I'm mapping which FHIR resources we flatten into warehouse tables. So far I've found Patient, Encounter and Observation. Are there others? And do we flatten every field or pick some?`,
			replies: []reply{
				{by: "priya-natarajan", after: 4, body: `The current list:

| Resource | Table | Approach |
|---|---|---|
| Patient | stg_patient | picked fields, extensions as columns |
| Encounter | stg_encounter | picked fields, a row per encounter |
| Observation | stg_observation | a row per observation, components as rows |
| MedicationAdministration | stg_med_admin | picked fields |
| Condition | stg_condition | picked fields, codings as rows |

We pick fields on purpose: flattening everything gives 400 mostly empty columns and breaks with every profile change.`},
				{by: "tom-becker", after: 22, body: `And we keep the raw JSON in a jsonb column beside the picked fields, so a newly needed field doesn't mean reloading from the source.`},
			},
		},
		{
			kind: question, by: "daniel-reyes", ago: 3, topics: []string{"data-quality", "pipelines"},
			title: "Daylight-saving gaps in bedside monitor timestamps",
			body:  `The bedside monitors send local time without an offset. Every autumn we get an hour of duplicated timestamps, and every spring an hour that doesn't exist. A sepsis study needs the vital signs in the right order across the change. Has anyone solved this in the pipeline rather than by hand?`,
		},
	},

	"patient-safety-stewards": {
		{
			kind: discussion, by: "grace-lindqvist", ago: 114, topics: []string{"taxonomy", "library"},
			title: "Is the contributing-factors taxonomy too long?",
			body: `The taxonomy we agreed last year has 48 contributing factors in 9 groups. Reporters at the sites now pick "Other" in 31% of reports, up from 12%. I read that as: the list is too long to scan on a phone.

Proposal: 12 top-level factors for reporters to choose from; the 48 stay as sub-factors that we, the stewards, add during review. Objections?`,
			replies: []reply{
				{by: "luis-moreno", after: 5, body: `No objection. From medication incidents: reporters pick "Communication" whenever in doubt. A shorter list makes that worse unless "Communication" is split at the top level into handover, documentation and verbal orders.`},
				{by: "samuel-adeyemi", after: 26, body: `Support. Twelve is about what fits on a phone screen without scrolling. Test it on a phone before we decide.`},
				{by: "daniel-reyes", after: 50, body: `I can change the reporting form so the 12 show as large buttons and the sub-factors appear only for stewards. About a week of work for my team.`},
			},
		},
		{
			kind: question, by: "luis-moreno", ago: 104, topics: []string{"medication-safety", "library"},
			title: "Should insulin stay on the high-alert list for the paediatric ward?",
			body: `The paediatric ward asks to take insulin off their high-alert list because the double check "slows down every meal". Their argument: only 4 patients on insulin this year. Our data: 2 insulin incidents on that ward in three years, both tenfold errors with syringe units.

I'm inclined to keep it and make the check faster rather than remove it. Views?`,
			replies: []reply{
				{by: "grace-lindqvist", after: 4, body: `Keep it. Rare but severe is exactly what the list is for. Could the double check happen at preparation instead of at the bedside, where the delay is felt?`},
				{by: "hannah-cho", after: 28, body: `A ward nurse's view: the slow part is finding a second nurse at mealtimes. On our ward, pre-filled syringes prepared by pharmacy for regular doses solved most of it.`},
			},
			accepted: 1,
		},
		{
			kind: question, by: "hannah-cho", ago: 96, topics: []string{"library", "escalation"},
			title: "Retiring the 2019 falls guidance: what replaces it?",
			body:  `The 2019 falls guidance in our library still recommends bed rails for "confused patients", which the national guidance withdrew two years ago. Nurses on my ward still quote it. Can we retire it now, before its replacement is written, or does that leave a worse gap?`,
			replies: []reply{
				{by: "grace-lindqvist", after: 6, body: `Retire it now, with a pointer. A withdrawn recommendation that is still quoted does more harm than a gap. I'll replace the page with a short notice: a link to the national guidance and the two local points that still hold (low beds, call bell within reach).`},
				{by: "amara-okafor", after: 30, body: `Agreed. The ICU education team can cover it in next month's update, so it doesn't depend on people reading the library.`},
			},
			accepted: 1,
		},
		{
			kind: discussion, by: "grace-lindqvist", ago: 85, topics: []string{"learning-summaries", "handover"},
			title: "Learning summary: wrong-patient blood sample on a night shift",
			body: `## What happened

At 03:00 a blood sample was labelled with the details of the patient in the next bed. Both patients had the same surname. The lab caught the error because the blood group did not match the patient's record.

## Why it happened

- Labels were printed in advance for two patients at once
- No wristband check at the bedside: the patient was asleep and the nurse "didn't want to wake them"
- Same surname, adjacent beds, and no alert in the record

## What we changed

1. Labels are printed at the bedside, one patient at a time (handheld printers on three wards, more in the spring)
2. A same-surname alert on the ward board
3. The wristband is checked even when the patient is asleep; the patient leaflet now says so

**Steward:** @grace-lindqvist · **Review:** in 12 months`,
			replies: []reply{
				{by: "luis-moreno", after: 4, body: `A good summary. One more factor: the order screen allowed two patients in one print batch. The lab system has a setting that forbids it, and it was off.`},
				{by: "samuel-adeyemi", after: 24, body: `The ED had the same near miss in the spring. Could we tag both, so the next reader sees a pattern?`},
				{by: "amara-okafor", after: 48, body: `For wards without handheld printers yet, the ICU's interim practice: print at the station one patient at a time, and carry only that patient's labels.`},
			},
		},
		{
			kind: question, by: "samuel-adeyemi", ago: 72, topics: []string{"taxonomy", "handover"},
			title: "How do we tag incidents that involve a handover?",
			body:  `Many reports I read involve a handover, but the taxonomy has no way to say so; "Communication" is too broad. The Clinical Handover community wants to measure handover-related incidents (halving them in the EDs is a goal on their charter). How do we tag them consistently?`,
			replies: []reply{
				{by: "grace-lindqvist", after: 3, body: `Add "handover" as a sub-factor under Communication with three values: between shifts, between teams, between sites. Stewards add it during review, not reporters.

We can count from the start of next month and backfill the last year from the free text. I'll do the ED reports.`},
				{by: "luis-moreno", after: 27, body: `For medication incidents, please also tag "medication change not handed over" separately. It's the most common handover failure pharmacy sees.`},
			},
			accepted: 1,
		},
		{
			kind: discussion, by: "luis-moreno", ago: 61, topics: []string{"medication-safety", "library"},
			title: "Look-alike, sound-alike drug pairs to add this year",
			body: `Candidates for the 2026 high-alert guide, from this year's reports:

| Pair | Reports | Where | Proposed action |
|---|---|---|---|
| hydroxyzine / hydralazine | 4 | wards | Tall-man lettering in the record |
| oxycodone / OxyContin | 3 | ED, surgery | Separate storage |
| rituximab / infliximab | 1 | day unit | Pharmacy check before preparation |
| methotrexate weekly / daily | 2 | wards | Weekly-only order set |

Anything missing from your sites?`,
			replies: []reply{
				{by: "grace-lindqvist", after: 5, body: `Methotrexate is a frequency problem rather than a look-alike, but it belongs in the guide regardless. Keep it.`},
				{by: "olivia-grant", after: 25, body: `Coastal's pharmacy school has a student project on whether tall-man lettering works. Shall I ask whether they'd evaluate the hydroxyzine change as their case?`},
				{by: "hannah-cho", after: 50, body: `A ward view: separate storage for oxycodone works only if the automated cabinet is reconfigured too. On our ward the two are still in neighbouring drawers.`},
			},
		},
		{
			kind: question, by: "olivia-grant", ago: 50, topics: []string{"learning-summaries", "library"},
			title: "Sharing lessons with Coastal University without identifying staff",
			body:  `Coastal's nursing school would like to use our learning summaries in teaching. The summaries don't name patients, but some describe rare events on a named ward of a small site, which could identify the staff involved. What's our rule for sharing outside Northwind?`,
			replies: []reply{
				{by: "grace-lindqvist", after: 4, body: `A proposed rule; tell me if it's too strict:

1. Only summaries older than 12 months
2. Site and ward removed, replaced by the type ("a medical ward")
3. Dates reduced to the season
4. Nothing about an event that happened fewer than three times in the network
5. A steward reads each one before it leaves`},
				{by: "luis-moreno", after: 26, body: `Good. Add: no quotes from staff statements, even anonymised. Phrasing gives people away.`},
			},
			accepted: 1,
		},
		{
			kind: discussion, by: "grace-lindqvist", ago: 40, topics: []string{"learning-summaries", "taxonomy"},
			title: "A template for one-page learning summaries",
			body: `Our summaries range from half a page to six pages. A proposed template:

~~~markdown
## What happened
Three sentences, no names, no dates finer than the month.

## Why it happened
- contributing factor (from the taxonomy)

## What we changed
1. change, owner, date

## What to do differently
One sentence a nurse can remember.

Steward: @handle · Review: month and year
~~~

Comments before we adopt it?`,
			replies: []reply{
				{by: "luis-moreno", after: 6, body: `"What to do differently" is the most useful line and usually the hardest to write. Keep it required.`},
				{by: "olivia-grant", after: 23, body: `Please add the taxonomy tags as a fixed line, so summaries can be found by contributing factor.`},
				{by: "samuel-adeyemi", after: 30, body: `Looks good. Could "We haven't changed anything yet" be allowed under "What we changed"? Some lessons are worth sharing before the fix.`},
			},
		},
		{
			kind: discussion, by: "samuel-adeyemi", ago: 28, topics: []string{"escalation", "learning-summaries"},
			title: "Recurring theme: delayed escalation at weekends",
			body: `Reviewing six months of deterioration incidents: in 7 of 19, escalation was delayed by more than an hour, and 6 of those 7 were at weekends. The common thread: the nurse wasn't sure whom to call, because the weekend on-call rota lives in a shared folder, not on the ward.

Do we write a learning summary now, or wait until the Clinical Handover community's weekend changes have taken effect?`,
			replies: []reply{
				{by: "grace-lindqvist", after: 4, body: `Now. The pattern is clear and the fix (the rota on the ward board) is cheap. We can update the summary once the weekend handover changes are evaluated.`},
				{by: "luis-moreno", after: 26, body: `A medication angle: two of the seven involved a weekend pharmacist who couldn't reach the prescriber. Same root cause.`},
				{by: "amara-okafor", after: 50, body: `I'll take the theme, without any details, to the Clinical Handover community. It supports Samuel's proposal for a Saturday board round there.`},
			},
		},
		{
			kind: question, by: "olivia-grant", ago: 15, topics: []string{"library", "learning-summaries"},
			title: "Which summaries are still read? Reviewing the library",
			body:  `Our charter says knowledge that is not used is pruned. For the annual review I need to know which summaries are read, and the library pages have no analytics. Options: ask the web team for page views, or survey the ward managers. Which would you trust?`,
			replies: []reply{
				{by: "grace-lindqvist", after: 5, body: `Page views first: cheap and honest. The web team can give us monthly views per page for the past year. Then survey only about the pages with almost no views: not needed, or not found?`},
				{by: "luis-moreno", after: 22, body: `Views undercount on wards where a summary is printed and pinned up. Ask the ward managers about the printed ones.`},
			},
			accepted: 1,
		},
		{
			kind: discussion, by: "luis-moreno", ago: 6, topics: []string{"medication-safety", "learning-summaries"},
			title: "The infusion pump programming error, fifth time this year: let us write it down once",
			body: `Five reports this year of the same error on the same pump model: a rate entered in mL/h where the pump expected a dose in mg/h, or the reverse. Each was reviewed on its own ward and closed.

I'd like one learning summary covering all five, and a request to biomedical engineering to lock the drug library mode. Who can help draft?`,
			replies: []reply{
				{by: "grace-lindqvist", after: 3, body: `I'll draft it with you, using {{ref:A template for one-page learning summaries}}, tagged medication and equipment design.`},
				{by: "samuel-adeyemi", after: 20, body: `One of the five was in the ED. I'm happy to review the draft for the ED details.`},
				{by: "olivia-grant", after: 26, body: `I'll check the draft against the sharing rule, in case Coastal's nursing school asks for it later.`},
			},
		},
	},

	"care-innovation-lab": {
		{
			kind: discussion, by: "fatima-haddad", ago: 118, topics: []string{"remote-monitoring", "pilots"},
			title: "Idea: video check-ins for patients discharged after heart failure",
			body: `A third of our heart failure patients are readmitted within 90 days, and the heart failure nurses can phone each patient only once after discharge. The idea: a 10-minute video check-in on days 3, 10 and 30, covering weight and symptoms, from the nurse's desk.

Before we pitch it:

- Who has tried video follow-up with this group?
- What would we need from the EHR?
- How would we know it worked?`,
			replies: []reply{
				{by: "rahul-mehta", after: 5, body: `From our interviews last year: patients over 75 were happy with video *if someone set it up with them before discharge*. The failures were all first-call setup problems at home.`},
				{by: "hannah-cho", after: 30, body: `A nurse's view: the weight is what matters most, and half my patients don't own scales. Could the pilot lend them?`},
				{by: "daniel-reyes", after: 52, body: `EHR side: a video visit type already exists for outpatients, so documenting is easy. Booking three visits per patient automatically is the hard part.`},
			},
		},
		{
			kind: discussion, by: "rahul-mehta", ago: 106, topics: []string{"co-design", "remote-monitoring"},
			title: "Recruiting patients for co-design without tokenism",
			body: `For the co-design sprints I want patients who live with heart failure, not just the two articulate volunteers who come to every patient panel. What I'm trying:

- Recruiting through the heart failure nurses, not posters
- Paying participants for their time, at the same rate as staff
- Sessions at home or by phone, not only at the hospital
- Asking each participant to bring a family member

What else has worked for you?`,
			replies: []reply{
				{by: "fatima-haddad", after: 4, body: `Paying participants: finance approved it for pilot budgets last year; ask me for the form. And offer transport: for a heart failure patient, the bus is the barrier.`},
				{by: "hannah-cho", after: 28, body: `Ask on the ward in the days before discharge. Patients have time then, and they still remember how the first days at home felt last time.`},
			},
		},
		{
			kind: discussion, by: "fatima-haddad", ago: 96, topics: []string{"pilots", "evaluation"},
			title: "Failing fast: why we dropped the smart pill box",
			body: `We stopped the smart pill box pilot after six weeks. An honest summary for the next team:

1. 9 of 20 patients stopped using it within two weeks: it beeped at the wrong times for people who eat late
2. Refilling it needed a pharmacist visit we hadn't budgeted for
3. The adherence data didn't match what patients told us, and we couldn't tell which was right

What we'd keep: the co-design interviews, which taught us more about medicines at home than the box did.`,
			replies: []reply{
				{by: "rahul-mehta", after: 3, body: `The first point was in our interview notes. We didn't act on it because the device couldn't be configured. A lesson for the playbook: check that a device can be configured before the pilot, not after.`},
				{by: "kenji-watanabe", after: 22, body: `The third point is a validation problem. Every device pilot should start with two weeks of comparison against a reference before measuring outcomes.`},
				{by: "tom-becker", after: 47, body: `From the data side: the box's data never reached the warehouse in a usable form, so nobody could have analysed it anyway. Worth a checklist item: where does the data land, and who owns it?`},
			},
		},
		{
			kind: discussion, by: "rahul-mehta", ago: 82, topics: []string{"co-design", "remote-monitoring"},
			title: "What patients told us in the first co-design sprint",
			body: `Eight patients discharged after heart failure and five family members, over three sessions. What we heard, in their words where possible:

> "The first week I weighed myself three times a day, because nobody told me what number was bad."

- Patients want to know **what to do** with a reading, not only to send it
- Family members handle most of the technology, so design for them
- A named nurse matters more than the channel (video, phone or text)
- Check-ins in the evening, when family is home, not mid-morning

Next sprint: paper prototypes of the check-in, tested at home.`,
			replies: []reply{
				{by: "fatima-haddad", after: 5, body: `Evening check-ins change the staffing model. I'll talk to the heart failure nurses about a late shift for the pilot.`},
				{by: "kenji-watanabe", after: 24, body: `"What number is bad" is a strong argument for showing thresholds to the patient, not only to the nurse. The sensor study could test that.`},
				{by: "hannah-cho", after: 30, body: `On the ward we do tell them the number, on a sheet that goes into the discharge folder with forty other sheets. A fridge magnet would do better.`},
			},
		},
		{
			kind: question, by: "kenji-watanabe", ago: 71, topics: []string{"wearables", "evaluation"},
			title: "Can a wrist sensor replace four-hourly observations overnight?",
			body:  `For the wearable pilot on our charter I need to decide what to compare against. The sensor measures heart rate, respiratory rate and movement continuously. The question the ward cares about is whether it could replace the 02:00 observation round for stable patients. What design would convince the clinicians here?`,
			replies: []reply{
				{by: "fatima-haddad", after: 4, body: `Clinicians will ask whether the sensor caught every patient whose early warning score rose. So compare against the observation round on deterioration, not only on each vital sign.`},
				{by: "ingrid-halvorsen", after: 22, body: `Statistically, 60 nights on one ward will show few deteriorations, perhaps 5 to 10: too few to estimate sensitivity with a useful confidence interval. I'd make agreement on respiratory rate the primary outcome and report deterioration descriptively:

| Outcome | Measure | Role |
|---|---|---|
| Respiratory rate agreement | Bland–Altman limits | Primary |
| Heart rate agreement | Bland–Altman limits | Secondary |
| Deterioration detected | Cases caught and missed | Descriptive |
| Usable signal | Share of night hours | Feasibility |`},
				{by: "rahul-mehta", after: 30, body: `And ask the patients whether they slept better. Even if the sensor only spares one wake-up a night, that is the outcome they'll care about.`},
			},
			accepted: 2,
		},
		{
			kind: question, by: "fatima-haddad", ago: 60, topics: []string{"governance", "pilots"},
			title: "Who approves a pilot that touches the EHR?",
			body:  `In the video check-in pilot the nurses would document in the EHR, and we'd like a small weekly report from it. Who has to approve what? I've heard of the clinical systems board, the data protection office and the change board, but not in which order.`,
			replies: []reply{
				{by: "daniel-reyes", after: 5, body: `In order:

1. **Clinical systems board**: any new note type or workflow. It meets monthly; submit two weeks before.
2. **Data protection office**: only if data leaves the EHR, which your weekly report does. A short form; they answer within two weeks.
3. **Change board**: only for the build itself, and the EHR team submits it, not you.

Start the first two in parallel and allow eight weeks end to end.`},
				{by: "rahul-mehta", after: 26, body: `The patient-facing side goes to the patient experience panel too; they asked to see every new way of contacting patients.`},
			},
			accepted: 1,
		},
		{
			kind: question, by: "kenji-watanabe", ago: 48, topics: []string{"governance", "wearables"},
			title: "Ethics review for a ward pilot: university or hospital process?",
			body:  `The wearable pilot is both my PhD project and a Northwind service pilot. Does it need the university's ethics approval, the hospital's research approval, both, or is it service evaluation that needs neither?`,
			replies: []reply{
				{by: "fatima-haddad", after: 4, body: `Because the data goes into your thesis, it's research, not service evaluation. You need the university's ethics approval and the hospital's research governance approval; the hospital accepts the university's ethics review, so it's one review plus a site approval. @olivia-grant knows the forms better than anyone.`},
				{by: "rahul-mehta", after: 20, body: `Write the patient information sheet with the co-design group. The university template runs to three pages; ours needed to fit on one.`},
			},
			accepted: 1,
		},
		{
			kind: discussion, by: "rahul-mehta", ago: 33, topics: []string{"evaluation", "pilots"},
			title: "Measuring whether a pilot worked, beyond satisfaction surveys",
			body: `Every pilot report I've read here ends with "patients were satisfied (4.6 out of 5)". That tells us almost nothing. For each of this year's two pilots I'd like one clinical, one process and one balancing measure, agreed before we start. A first draft for the video check-ins:

| Type | Measure |
|---|---|
| Clinical | Readmissions within 90 days |
| Process | Check-ins completed on days 3, 10 and 30 |
| Balancing | Nurse time per patient; calls to the out-of-hours line |`,
			replies: []reply{
				{by: "fatima-haddad", after: 4, body: `Yes. And write down in advance which result would make us stop. That's the hard one to agree on.`},
				{by: "ingrid-halvorsen", after: 20, body: `With the numbers you'll have, readmissions at 90 days won't reach significance. Report them, but don't let the decision hinge on them; the process measure is what the pilot can really show.`},
				{by: "kenji-watanabe", after: 26, body: `For the sensor pilot: agreement (clinical), hours of usable signal (process), nurse alarms per night (balancing).`},
				{by: "amara-okafor", after: 48, body: `From the step-down unit: count the alarms that led to an action, not all alarms. Alarm fatigue is the balancing measure nurses care about.`},
			},
		},
		{
			kind: discussion, by: "fatima-haddad", ago: 19, topics: []string{"co-design", "pilots"},
			title: "Prototype feedback: the discharge checklist app",
			body: `Rahul's group has built a clickable prototype of the discharge checklist: what to watch at home, when to call, the weight threshold, the named nurse. The link is on the team drive. Please try it on your phone and tell us:

1. What confused you?
2. What's missing?
3. Would you give it to a patient as it is?`,
			replies: []reply{
				{by: "hannah-cho", after: 6, body: `I tried it with two patients who were going home anyway, with their consent. Both got stuck at the sign-in, and one gave up. Could the first screen work without an account?`},
				{by: "rahul-mehta", after: 20, to: 1, body: `Good catch. The account was for the check-in history; we'll make it optional and show the checklist without signing in.`},
				{by: "amara-okafor", after: 30, body: `Missing: what to do if the weight goes up at night or at the weekend. The out-of-hours number belongs on the first screen.`},
			},
		},
		{
			kind: question, by: "rahul-mehta", ago: 8, topics: []string{"pilots", "evaluation"},
			title: "What did your 90-day pilot cost?",
			body:  `For the playbook I'd like honest costs of past pilots, including the staff time nobody invoiced. If you've run one: roughly what did it cost, and what did you forget to budget?`,
			replies: []reply{
				{by: "fatima-haddad", after: 5, body: `The smart pill box, as well as I can reconstruct it:

| Item | Cost |
|---|---|
| Devices (20) | $3,400 |
| Pharmacist refill visits | $2,100, not budgeted |
| Nurse time for setup and calls | about 60 hours |
| Data extraction | never done |

What we forgot: the refills, and everyone's time for the evaluation meetings.`},
				{by: "kenji-watanabe", after: 22, body: `The wearable pilot so far: the manufacturer lends the sensors, so the main cost is research nurse time, about 0.2 FTE for three months. I'll share the final figures after the pilot.`},
			},
			accepted: 1,
		},
		{
			kind: question, by: "hannah-cho", ago: 3, topics: []string{"co-design", "pilots"},
			title: "Can we come and see the Coastal University simulation lab?",
			body:  `Three nurses from my ward would like to see how the simulation lab is used to test prototypes with patients. Is there a day when visitors are welcome, and whom do we ask?`,
			replies: []reply{
				{by: "rahul-mehta", after: 4, body: `I'm in Wellington until next month, but @kenji-watanabe is at Coastal and could show you round. Kenji?`},
			},
		},
	},

	"research-software": {
		{
			kind: question, by: "ingrid-halvorsen", ago: 115, topics: []string{"r", "hpc", "reproducibility"},
			title: "Pinning R package versions with renv on the cluster",
			body:  `My readmission models run on the cluster, which has R 4.3 and a shared site library. Results changed between two runs a month apart, and I suspect a package update in the site library. How do you pin versions on the cluster, where I can't install system libraries?`,
			replies: []reply{
				{by: "elena-sousa", after: 4, body: `renv, with the library inside your project instead of the site library:

~~~r
# once, in the project
renv::init(bare = TRUE)
install.packages(c("survival", "data.table", "mlr3"))
renv::snapshot()

# in the job script, before the analysis
renv::restore(prompt = FALSE)
~~~

Commit renv.lock. Packages that need system libraries (sf, for example) need a module from the HPC team; note it in the README, since renv can't pin those.`},
				{by: "kenji-watanabe", after: 26, body: `Also set RENV_PATHS_CACHE to a folder on the project storage, not your home directory, or the cache fills your home quota within a week.`},
			},
			accepted: 1,
		},
		{
			kind: question, by: "marcus-whitfield", ago: 108, topics: []string{"licensing", "r"},
			title: "Which licence for code from a hospital-funded study?",
			body:  `My team wrote a Shiny app for coding interview transcripts, in a study funded by Northwind. We'd like to publish it. Who owns the code, and which licence should we use? The university says MIT by default; I don't know whether the hospital has a say.`,
			replies: []reply{
				{by: "olivia-grant", after: 6, body: `Check the study's collaboration agreement first. Most Northwind–Coastal agreements give the university ownership of software, with a licence back to Northwind. If yours does, MIT is fine and you can publish. If it says nothing, ask the research office before publishing: a two-week answer, not a blocker.`},
				{by: "elena-sousa", after: 24, body: `If you want improvements to stay open, choose GPL-3 rather than MIT; for a small tool that others should simply reuse, MIT is the usual choice. Either way add a LICENSE file and a CITATION.cff, so people can credit you.`},
			},
			accepted: 1,
		},
		{
			kind: question, by: "kenji-watanabe", ago: 99, topics: []string{"testing", "python"},
			title: "pytest fixtures for large sensor recordings",
			body:  `My tests read 2 GB overnight sensor recordings, and the suite takes 20 minutes, most of it loading the same file in every test. How do you share a large file between tests without loading it each time, and without committing it to the repository?`,
			replies: []reply{
				{by: "elena-sousa", after: 5, body: `A session-scoped fixture loads it once per run. Skip when the file is absent, so CI without the data still runs everything else:

~~~python
import os
from pathlib import Path

import pytest

DATA = Path(os.environ.get("SENSOR_TEST_DATA", "tests/data"))


@pytest.fixture(scope="session")
def night_recording():
    path = DATA / "night_0412.edf"
    if not path.exists():
        pytest.skip(f"test recording not found at {path}")
    return load_recording(path)  # read once, shared by every test
~~~

Better still, cut a five-minute excerpt for most tests and keep the full night for one slow, marked test.`},
				{by: "tom-becker", after: 27, body: `+1 to the excerpt. We keep small synthetic files in the repository and the big ones on the project share, with a checksum in the repository so a test can tell it has the right file.`},
			},
			accepted: 1,
		},
		{
			kind: question, by: "priya-natarajan", ago: 87, topics: []string{"python", "packaging", "reproducibility"},
			title: "Packaging a Python analysis so a reviewer can rerun it",
			body:  `A journal reviewer asked to rerun the analysis behind our paper on pipeline delays. It's a folder of notebooks and a requirements.txt without versions. What's the least effort that gets a reviewer from cloning the repository to the figures?`,
			replies: []reply{
				{by: "elena-sousa", after: 3, body: `The least that works:

1. Move the code the notebooks share into a small package (src layout) and keep the notebooks thin
2. Pin everything: a pyproject.toml for the package, a lock file for the environment
3. One command that makes every figure

~~~toml
[project]
name = "pipeline-delays"
version = "1.0.0"
requires-python = ">=3.11"
dependencies = ["pandas==2.2.3", "matplotlib==3.9.2"]

[project.scripts]
make-figures = "pipeline_delays.figures:main"
~~~

The README then says: create the environment, run make-figures. Try it on a clean machine, or in CI, before you send it.`},
				{by: "kenji-watanabe", after: 20, body: `And archive that exact version with a DOI, so the paper cites what the reviewer ran.`},
			},
			accepted: 1,
		},
		{
			kind: question, by: "tom-becker", ago: 77, topics: []string{"ci", "hpc"},
			title: "Continuous integration on the university GitLab: runners for GPU jobs?",
			body:  `The shared GitLab runners at Coastal are CPU only, and one of our model tests needs a GPU (it takes 40 minutes on a CPU). Has anyone registered a runner on the cluster's GPU nodes, or is that not allowed?`,
			replies: []reply{
				{by: "kenji-watanabe", after: 5, body: `It's allowed, through the HPC team: they run a GitLab runner that submits jobs to the scheduler. Tag the job and it lands in the GPU queue:

~~~yaml
gpu-tests:
  tags: [hpc-gpu]
  variables:
    SCHEDULER_PARAMETERS: "--partition=gpu --gres=gpu:1 --time=00:30:00"
  script:
    - module load cuda/12.4
    - pytest -m gpu
~~~

The jobs wait in the queue like any other, so keep the GPU tests to the few that need one.`},
				{by: "elena-sousa", after: 22, body: `Mark them so the CPU pipeline skips them (pytest -m "not gpu"), and run the GPU job only for merge requests to main, not on every push.`},
			},
			accepted: 1,
		},
		{
			kind: discussion, by: "kenji-watanabe", ago: 64, topics: []string{"python", "reproducibility"},
			title: "Julia or Python for signal processing of wearable data?",
			body:  `My sensor processing is in Julia: fast, and the code reads like the maths. But the ward pilot team and the data engineers all work in Python, and nobody can review my code. Rewrite it in Python with NumPy and SciPy, keep Julia and wrap it, or keep Julia and teach?`,
			replies: []reply{
				{by: "ingrid-halvorsen", after: 4, body: `From the reviewer's side: I can review Python, I can't review Julia. For a pilot that clinicians rely on, being reviewable beats being fast.`},
				{by: "elena-sousa", after: 8, body: `A middle way: keep Julia for the signal processing core, which is stable and well tested, and write everything around it (input, pipeline, reports) in Python. Calling Julia from Python works with juliacall, but it's one more runtime to deploy.`},
				{by: "tom-becker", after: 28, body: `The data engineering view: whatever runs nightly must be something the on-call person can restart. We'd support Python; Julia we'd have to learn first.`},
				{by: "kenji-watanabe", after: 50, body: `Thanks, all. Decision: the pilot pipeline moves to Python and the research analysis stays in Julia. Both will run on the same test recordings, so we notice if they disagree.`},
			},
		},
		{
			kind: question, by: "olivia-grant", ago: 53, topics: []string{"packaging", "reproducibility"},
			title: "Getting a DOI for a software release through Zenodo",
			body:  `Several teams want DOIs for their software releases. Does the Zenodo integration work with the university's GitLab? And who should own a Coastal community on Zenodo?`,
			replies: []reply{
				{by: "elena-sousa", after: 5, body: `The automatic integration is for GitHub only. With GitLab, upload the release archive by hand, or from CI through the Zenodo API on each tag. By hand takes ten minutes per release and is fine for most teams; Zenodo reads the metadata from a CITATION.cff or .zenodo.json in the archive.

As for the community: the library's research data team, so it outlives any single project.`},
				{by: "kenji-watanabe", after: 26, body: `Our CI job for the API upload is 30 lines; happy to share it.`},
			},
			accepted: 1,
		},
		{
			kind: discussion, by: "elena-sousa", ago: 41, topics: []string{"testing", "python"},
			title: "Synthetic data to test pipelines that handle patient records",
			body: `Research pipelines that read patient records can't be tested in CI with real data. I'd like a shared synthetic data set that looks like a Northwind extract (same columns, plausible distributions, no real patients). A sketch of the generator, standard library only:

~~~python
import random
from datetime import datetime, timedelta


def synthetic_admissions(n: int, seed: int = 42):
    rng = random.Random(seed)  # a fixed seed: the same data on every machine
    start = datetime(2024, 1, 1)
    for i in range(n):
        admitted = start + timedelta(minutes=rng.randrange(365 * 24 * 60))
        stay = timedelta(hours=rng.lognormvariate(3.5, 0.8))
        yield {
            "patient_id": f"SYN{i:06d}",
            "admitted_at": admitted.isoformat(),
            "discharged_at": (admitted + stay).isoformat(),
            "ward": rng.choice(["4B", "5A", "ICU", "ED"]),
        }
~~~

What should it include beyond admissions?`,
			replies: []reply{
				{by: "tom-becker", after: 6, body: `Lab results with corrections, and ADT events that get cancelled. That's what breaks pipelines; a clean synthetic set passes tests that real data fails.`},
				{by: "ingrid-halvorsen", after: 22, body: `Realistic missingness, please. A synthetic set without missing values makes every model look better than it is.`},
				{by: "kenji-watanabe", after: 28, body: `And some nasty values: names with apostrophes, a ward called "NULL", timestamps on the night the clocks change.`},
			},
		},
		{
			kind: question, by: "ingrid-halvorsen", ago: 27, topics: []string{"packaging", "licensing"},
			title: "Writing a CITATION.cff for a multi-site project",
			body:  `The code for our readmission models has authors at Coastal and at Northwind, two funders and a companion paper. How do I give each author's affiliation, and should the preferred citation be the paper or the software?`,
			replies: []reply{
				{by: "elena-sousa", after: 4, body: `An affiliation per author, and the paper as the preferred citation if you want citations to go to the paper:

~~~yaml
cff-version: 1.2.0
title: Readmission risk models
message: If you use this software, please cite the paper below.
authors:
  - family-names: Halvorsen
    given-names: Ingrid
    affiliation: Coastal University
  - family-names: Natarajan
    given-names: Priya
    affiliation: Northwind Health
preferred-citation:
  type: article
  title: Predicting readmission after discharge from medical wards
  authors:
    - family-names: Halvorsen
      given-names: Ingrid
~~~

CFF 1.2 has no field for funders; name them in the README and in the Zenodo metadata.`},
				{by: "kenji-watanabe", after: 24, body: `Validate it with cffconvert in CI. It catches indentation mistakes that the repository viewer silently ignores.`},
			},
			accepted: 1,
		},
		{
			kind: announcement, by: "elena-sousa", ago: 14, pinDays: 30, topics: []string{"packaging", "testing"},
			title: "Template repository v1.0 is out, and the code clinic moves to Thursdays",
			body: `Two pieces of news:

1. **The template repository is released**: tests, continuous integration for Python and R, a CITATION.cff, and a licence guide in the README. Start your next analysis from it; the lessons from {{ref:Packaging a Python analysis so a reviewer can rerun it}} are built in.
2. **The code clinic moves to Thursdays at 11:00 Halifax time**, so colleagues in Oslo can join in their afternoon.

Thanks to everyone who reviewed the template, especially @kenji-watanabe and @tom-becker.`,
			replies: []reply{
				{by: "kenji-watanabe", after: 4, body: `I'll host the first Thursday clinic. Bring a script you're embarrassed by and we'll add tests to it together.`},
				{by: "tom-becker", after: 20, body: `Started a new project from the template this morning: green CI within 20 minutes. One wish: an example test that uses the synthetic data set.`},
			},
		},
		{
			kind: discussion, by: "tom-becker", ago: 6, topics: []string{"testing", "python"},
			title: "My draft of a shared synthetic test data set: tweak away",
			body:  `Following {{ref:Synthetic data to test pipelines that handle patient records}}, here is a first version: admissions, transfers (2% cancelled), lab results (1% corrected later) and realistic missingness. 10,000 patients, a fixed seed, 30 MB of CSV, in the template repository under data/synthetic. What's wrong with it?`,
			replies: []reply{
				{by: "elena-sousa", after: 5, body: `Ran our pipeline tests on it: two bugs in the first hour, both in handling corrected lab results. That's the point. One request: a 100-patient version for unit tests, and the full one for integration tests.`},
				{by: "ingrid-halvorsen", after: 24, body: `The lengths of stay look too regular. Real ones have a long tail (a few patients stay for months); try a log-normal with a heavier tail, or a mixture.`},
			},
		},
		{
			kind: question, by: "kenji-watanabe", ago: 2, topics: []string{"hpc", "reproducibility"},
			title: "Apptainer recipes that work on the HPC cluster",
			body:  `The cluster now supports Apptainer, and I'd like one container for the sensor pipeline that runs the same on my laptop and on the cluster. Does anyone have a recipe that works with the cluster's GPU drivers and the project storage? Mine builds, but can't see /project at run time.`,
		},
	},
}
