package sqlstore

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"praxis"
)

// The text of a generated organization (praxis bench seed): every
// community has a domain with its own terms, so that search and similar
// questions have something to find, and posts are made of paragraphs with
// some emphasis, lists, links, mentions and code.
//
// Rendering markdown costs about 100 µs a post, too much for a million of
// them, so each domain's paragraphs are rendered once and a post is a few
// of them joined by blank lines: the renderer turns "a\n\nb" into the HTML
// of a followed by the HTML of b, except for two lists in a row (which
// merge into one), so a post never has two lists next to each other. The
// parts that name a member or a thread are rendered with each post.
// TestBenchTextRendersLikeMarkdown checks the composition against the
// renderer.

// benchDomain is the practice a community is about.
type benchDomain struct {
	name, statement string
	terms           []string
}

// benchDomains: name | domain statement | terms.
var benchDomains = parseDomains(`Clinical handover|Safe handover of patients between shifts, teams and sites.|handover,sbar,shift change,ward round,escalation,early warning score,discharge summary,transfer,medication reconciliation,patient safety,bedside checklist,read-back
Infection prevention|Stopping infections from spreading in wards and clinics.|hand hygiene,isolation room,ppe,outbreak,sterilization,catheter care,audit,surveillance,terminal cleaning,antibiotic stewardship,screening,vaccination
Data engineering|Pipelines, warehouses and the quality of the data they carry.|pipeline,schema,partition,warehouse,batch job,streaming,data quality,lineage,airflow dag,parquet file,backfill,dbt model
Site reliability|Keeping production up and learning from incidents.|incident,on-call rota,postmortem,alert,error budget,latency,runbook,capacity plan,rollback,canary release,dashboard,pager
Frontend craft|Accessible, fast and maintainable user interfaces.|accessibility,component,css grid,bundle size,hydration,form validation,design system,keyboard navigation,screen reader,focus order,colour contrast,lazy loading
Go programming|Writing and running Go services well.|goroutine,channel,context,interface,generics,error wrapping,race detector,benchmark,module,profiling,escape analysis,table test
PostgreSQL operations|Running PostgreSQL in production.|vacuum,index,query plan,replication,wal archive,connection pool,partitioning,lock,autovacuum,pg_stat_statements,backup,schema migration
Warehouse logistics|Moving goods in and out of the warehouses.|pick list,pallet,forklift,slotting,cross-dock,inventory count,cycle count,barcode,dock door,wave picking,returns,replenishment
Fleet maintenance|Keeping the vehicles safe and on the road.|brake,tyre,inspection,telematics,fuel card,service interval,breakdown,spare parts,workshop,emissions test,driver check,axle
Risk and compliance|Controls, audits and the evidence behind them.|control,audit trail,policy,exception,regulator,kyc,sanctions screening,risk register,attestation,segregation of duties,evidence,finding
Financial close|Closing the books every month, on time.|reconciliation,accrual,journal entry,month end,ledger,variance,intercompany,forecast,consolidation,fixed asset,cutoff,close calendar
Bridge inspection|Inspecting and maintaining bridges and culverts.|bearing,expansion joint,corrosion,load rating,deck,girder,scour,inspection report,drone survey,crack,repainting,culvert
Water networks|Distribution networks, leaks and water quality.|leak,pressure zone,valve,hydrant,meter,main break,chlorine,pump station,telemetry,flushing,backflow,district metering
Classroom practice|Teaching that helps every pupil learn.|lesson plan,formative assessment,feedback,rubric,group work,differentiation,behaviour,homework,reading,retrieval practice,seating plan,exit ticket
Learning design|Courses and learning materials that work.|course outline,learning outcome,module,quiz,scenario,microlearning,storyboard,lms,video,accessibility,pilot,evaluation
Solar operations|Operating and maintaining solar parks.|inverter,panel,string,irradiance,soiling,tracker,combiner box,yield,thermal imaging,grid connection,outage,cleaning robot
Wind maintenance|Keeping turbines turning.|blade,gearbox,nacelle,yaw,pitch system,vibration,rope access,turbine,oil analysis,lightning,crane,scada
Product discovery|Finding out what to build before building it.|interview,prototype,hypothesis,persona,usability test,roadmap,opportunity,experiment,survey,journey map,feature request,metric
Agile coaching|Helping teams work in short, honest cycles.|retrospective,standup,sprint,backlog,estimation,kanban,wip limit,facilitation,team charter,velocity,refinement,demo
Security engineering|Building and running secure systems.|threat model,vulnerability,patch,secret,mfa,phishing,penetration test,sbom,least privilege,logging,incident response,certificate
Procurement|Buying well and managing suppliers.|tender,supplier,contract,purchase order,framework,bid evaluation,spend,negotiation,due diligence,specification,award,renewal
Customer support|Answering customers quickly and well.|ticket,escalation,macro,knowledge article,first response,csat,backlog,triage,refund,chat,sla,handoff
Technical writing|Documentation people can use.|style guide,api reference,tutorial,release notes,glossary,diagram,review,docs as code,versioning,readability,template,screenshot
Machine learning ops|Training, shipping and watching models.|model,feature store,training run,drift,evaluation,experiment tracking,deployment,gpu,label,inference,retraining,bias
Laboratory quality|Accurate results from accredited laboratories.|calibration,sample,reagent,control chart,sop,accreditation,deviation,validation,pipette,chain of custody,proficiency test,instrument
Emergency care|Care in the emergency departments.|triage,sepsis,trauma,resuscitation,waiting time,ambulance,handover,observation,discharge,overcrowding,protocol,simulation
Mental health nursing|Nursing people through mental illness.|de-escalation,risk assessment,care plan,observation,restraint,recovery,family,medication,therapeutic relationship,discharge,crisis,supervision
Pharmacy practice|Dispensing safely and advising well.|dispensing,interaction,formulary,stock,controlled drug,prescription,counselling,error,storage,expiry,compounding,reconciliation
Road safety|Fewer people hurt on the roads.|speed limit,junction,crossing,signage,collision data,cycle lane,school zone,street lighting,audit,traffic calming,survey,camera
Asset management|Knowing the state of every asset and planning its care.|asset register,condition,lifecycle,criticality,maintenance plan,work order,cmms,failure mode,spare parts,budget,renewal,inspection
Energy efficiency|Using less energy in buildings.|insulation,heat pump,metering,lighting,boiler,audit,building management,retrofit,ventilation,baseline,savings,occupancy
Research data|Managing research data well.|dataset,metadata,repository,doi,consent,anonymization,data management plan,version,archive,license,reproducibility,provenance
Open source program|Using and contributing to open source.|license,contribution,maintainer,governance,release,issue triage,code of conduct,inner source,dependency,security policy,community call,roadmap
HR onboarding|Welcoming new colleagues.|onboarding,buddy,first week,checklist,induction,probation,laptop,access request,mentor,feedback,orientation,welcome pack
Facilitation|Meetings and workshops that get somewhere.|workshop,agenda,icebreaker,breakout,decision,consensus,whiteboard,timekeeping,hybrid meeting,parking lot,energizer,debrief
Project controls|Schedules, costs and the risks between them.|schedule,baseline,critical path,earned value,risk,change request,milestone,estimate,progress report,contingency,forecast,dependency
Quality improvement|Improving care and services one cycle at a time.|pdsa cycle,run chart,root cause,fishbone,process map,standard work,audit,measure,huddle,waste,variation,spread
Geospatial|Maps, surveys and spatial data.|gis,layer,projection,shapefile,survey,lidar,map tile,geocoding,coordinate,raster,field app,topology
Cloud platform|The platform our services run on.|kubernetes,terraform,cluster,node pool,autoscaling,cost,ingress,service mesh,helm chart,namespace,quota,upgrade
Mobile development|Apps on phones and tablets.|release,crash,push notification,offline mode,app store,performance,battery,deep link,accessibility,screen size,beta,analytics`)

func parseDomains(s string) []*benchDomain {
	var out []*benchDomain
	for _, line := range strings.Split(s, "\n") {
		f := strings.Split(line, "|")
		out = append(out, &benchDomain{name: f[0], statement: f[1], terms: strings.Split(f[2], ",")})
	}
	return out
}

// benchRegions qualify communities beyond the first of each domain.
var benchRegions = []string{"North", "South", "East", "West", "Nordics", "Benelux", "Iberia", "Pacific", "Alps", "Baltics",
	"Central", "Coast", "Highlands", "Lakes", "Metro", "Valley"}

var (
	benchVerbs   = strings.Split("check,review,document,measure,simplify,automate,share,test,plan,escalate,track,compare,standardize,explain,monitor,migrate,schedule,agree on,pilot,retire", ",")
	benchAdjs    = strings.Split("shared,manual,weekly,new,legacy,critical,small,overdue,noisy,reliable,simple,local,second,informal,official,draft", ",")
	benchNouns   = strings.Split("team,process,template,meeting,report,tool,checklist,handbook,budget,deadline,spreadsheet,workflow,colleague,manager,vendor,site,training,night shift,pilot group,steering group", ",")
	benchPeriods = strings.Split("week,month,quarter,shift,sprint,year", ",")
	benchFirst   = strings.Split("Ana,Ben,Chen,Dara,Eli,Fatima,Gus,Hannah,Ivan,Jun,Kofi,Lena,Marta,Nils,Omar,Priya,Quinn,Rosa,Sami,Tomas,Uma,Viktor,Wen,Xenia,Yusuf,Zoe,Amara,Bruno,Carmen,Daniel,Elif,Felix,Greta,Hugo,Ines,Jonas,Kira,Luis,Maya,Noah,Olga,Pablo,Rania,Sven,Tara,Ugo,Vera,Wim,Yara,Aiko,Bilal,Clara,Diego,Emma,Farid,Gina,Hiro,Isla,Jakob,Leila", ",")
	benchLast    = strings.Split("Garcia,Okafor,Müller,Chen,Novak,Rossi,Silva,Kowalski,Haddad,Tanaka,Larsen,Dubois,Nguyen,Schmidt,Costa,Jansen,Ali,Petrov,Moreau,Eriksen,Khan,Lopez,Fischer,Adeyemi,Virtanen,Horvat,Santos,Weber,Cho,Mensah,Ivanova,Brennan,Keller,Popescu,Nakamura,Oliveira,Vogel,Hansen,Duarte,Zhang", ",")
	benchTitles  = strings.Split("Nurse,Engineer,Analyst,Team lead,Consultant,Specialist,Coordinator,Technician,Manager,Researcher,Teacher,Advisor", ",")
)

// benchOrgs are the organizations members come from, with their share of
// members and where they are.
var benchOrgs = []struct {
	name, domain, location, zone string
	share                        float64
}{
	{"Northwind Health", "northwind.example", "Seattle", "America/Los_Angeles", 0.28},
	{"Contoso Engineering", "contoso.example", "Amsterdam", "Europe/Amsterdam", 0.20},
	{"Fabrikam Labs", "fabrikam.example", "Lyon", "Europe/Paris", 0.14},
	{"Tailspin Logistics", "tailspin.example", "Hamburg", "Europe/Berlin", 0.12},
	{"Woodgrove Finance", "woodgrove.example", "London", "Europe/London", 0.10},
	{"Adatum Public Works", "adatum.example", "Toronto", "America/Toronto", 0.08},
	{"Litware Education", "litware.example", "Lisbon", "Europe/Lisbon", 0.05},
	{"Proseware Energy", "proseware.example", "Melbourne", "Australia/Melbourne", 0.03},
}

// benchBlock is one rendered paragraph (or list, heading, quote, code).
type benchBlock struct {
	src, html, text string
	list            bool
}

// benchText generates the deterministic text of one seed.
type benchText struct {
	r     praxis.Renderer
	rng   *rand.Rand
	pools map[*benchDomain][]benchBlock
	size  int // blocks per domain
}

func newBenchText(r praxis.Renderer, rng *rand.Rand, poolSize int) *benchText {
	return &benchText{r: r, rng: rng, pools: map[*benchDomain][]benchBlock{}, size: poolSize}
}

func (g *benchText) pick(list []string) string { return list[g.rng.IntN(len(list))] }

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// sentence writes one sentence about the domain, with some markup.
func (g *benchText) sentence(d *benchDomain) string {
	t, t2 := g.pick(d.terms), g.pick(d.terms)
	switch g.rng.IntN(10) {
	case 0:
		t = "**" + t + "**"
	case 1:
		t = "_" + t + "_"
	}
	v, a, n, p := g.pick(benchVerbs), g.pick(benchAdjs), g.pick(benchNouns), g.pick(benchPeriods)
	num := 2 + g.rng.IntN(28)
	switch g.rng.IntN(14) {
	case 0:
		return fmt.Sprintf("We %s the %s every %s and keep the notes in the %s %s.", v, t, p, a, n)
	case 1:
		return fmt.Sprintf("Our %s started to %s the %s after the %s changed.", n, v, t, t2)
	case 2:
		return fmt.Sprintf("The trick is to %s the %s before anyone touches the %s.", v, t, t2)
	case 3:
		return fmt.Sprintf("In my experience the %s %s is where most problems start.", a, t)
	case 4:
		return fmt.Sprintf("Last %s we had %d cases where the %s was missing from the %s.", p, num, t, n)
	case 5:
		return fmt.Sprintf("Has anyone tried to %s the %s with a %s %s?", v, t, a, n)
	case 6:
		return fmt.Sprintf("I would %s the %s first, then look at the %s.", v, t, t2)
	case 7:
		return fmt.Sprintf("It took us %d weeks to %s the %s, mostly because of the %s.", num, v, t, n)
	case 8:
		return fmt.Sprintf("Ask the %s owner to %s the %s; it saves a lot of back and forth.", n, v, t)
	case 9:
		return fmt.Sprintf("The %s only works if the %s is %s and written down.", t2, t, a)
	case 10:
		return fmt.Sprintf("We wrote a short %s for the %s and shared it with every new %s.", n, t, g.pick(benchNouns))
	case 11:
		return fmt.Sprintf("Measure the %s for %d days before you change anything.", t, num)
	case 12:
		return fmt.Sprintf("There is a good write-up in [the %s notes](https://docs.example.org/%s/%s).", t2, praxis.Slugify(d.name), praxis.Slugify(t2))
	default:
		return fmt.Sprintf("Run `%s --check` on the %s %s before the %s review.", praxis.Slugify(t), a, t2, p)
	}
}

func (g *benchText) paragraph(d *benchDomain) string {
	n := 1 + g.rng.IntN(3)
	s := make([]string, n)
	for i := range s {
		s[i] = g.sentence(d)
	}
	return strings.Join(s, " ")
}

// blockSource writes the markdown of one block.
func (g *benchText) blockSource(d *benchDomain) (string, bool) {
	switch k := g.rng.IntN(20); {
	case k < 3:
		n := 2 + g.rng.IntN(4)
		items := make([]string, n)
		marker := "-"
		for i := range items {
			if k == 2 {
				marker = fmt.Sprintf("%d.", i+1)
			}
			items[i] = fmt.Sprintf("%s %s the %s", marker, capitalize(g.pick(benchVerbs)), g.pick(d.terms))
		}
		return strings.Join(items, "\n"), true
	case k == 3:
		return "> " + g.sentence(d), false
	case k == 4:
		return "```\n" + praxis.Slugify(g.pick(d.terms)) + " --" + g.pick(benchVerbs) + " " + fmt.Sprint(g.rng.IntN(100)) + "\n```", false
	default:
		return g.paragraph(d), false
	}
}

// pool returns the rendered blocks of a domain, made on first use.
func (g *benchText) pool(d *benchDomain) []benchBlock {
	if p, ok := g.pools[d]; ok {
		return p
	}
	p := make([]benchBlock, g.size)
	for i := range p {
		src, list := g.blockSource(d)
		p[i] = g.render(src, list)
	}
	g.pools[d] = p
	return p
}

func (g *benchText) render(src string, list bool) benchBlock {
	r := g.r.Render(src)
	return benchBlock{src: src, html: r.HTML, text: r.Text, list: list}
}

// body picks n blocks of the domain, never two lists in a row, and
// appends extra (blocks rendered for this post) at the end.
func (g *benchText) body(d *benchDomain, n int, extra ...benchBlock) []benchBlock {
	p := g.pool(d)
	out := make([]benchBlock, 0, n+len(extra))
	for len(out) < n {
		b := p[g.rng.IntN(len(p))]
		if b.list && len(out) > 0 && out[len(out)-1].list {
			continue
		}
		out = append(out, b)
	}
	for _, b := range extra {
		if b.list && len(out) > 0 && out[len(out)-1].list {
			continue
		}
		out = append(out, b)
	}
	return out
}

// compose joins blocks into what the renderer would make of their sources
// joined by blank lines.
func compose(blocks []benchBlock) benchBlock {
	var src, html, text strings.Builder
	for i, b := range blocks {
		if i > 0 {
			src.WriteString("\n\n")
			if text.Len() > 0 && b.text != "" {
				text.WriteByte(' ')
			}
		}
		src.WriteString(b.src)
		html.WriteString(b.html)
		text.WriteString(b.text)
	}
	return benchBlock{src: src.String(), html: html.String(), text: text.String()}
}

// title writes a thread title of the kind.
func (g *benchText) title(d *benchDomain, kind string) string {
	t, t2 := g.pick(d.terms), g.pick(d.terms)
	v, a, n, p := g.pick(benchVerbs), g.pick(benchAdjs), g.pick(benchNouns), g.pick(benchPeriods)
	switch kind {
	case praxis.KindQuestion:
		switch g.rng.IntN(8) {
		case 0:
			return fmt.Sprintf("How do you %s the %s when the %s is %s?", v, t, t2, a)
		case 1:
			return fmt.Sprintf("What is the best way to %s the %s?", v, t)
		case 2:
			return fmt.Sprintf("Is anyone using a %s %s for the %s?", a, n, t)
		case 3:
			return fmt.Sprintf("Why does our %s keep failing after the %s?", t, t2)
		case 4:
			return fmt.Sprintf("%s: %s it every %s or less often?", capitalize(t), v, p)
		case 5:
			return fmt.Sprintf("Who owns the %s when the %s changes?", t, n)
		case 6:
			return fmt.Sprintf("How to %s the %s without a %s?", v, t, n)
		default:
			return fmt.Sprintf("%s and %s: which comes first?", capitalize(t), t2)
		}
	case praxis.KindAnnouncement:
		switch g.rng.IntN(3) {
		case 0:
			return fmt.Sprintf("Coming up: a session on the %s", t)
		case 1:
			return fmt.Sprintf("New guide on the %s in the knowledge base", t)
		default:
			return fmt.Sprintf("Please read: changes to the %s %s", t, n)
		}
	default:
		switch g.rng.IntN(4) {
		case 0:
			return fmt.Sprintf("What we learned about the %s this %s", t, p)
		case 1:
			return fmt.Sprintf("Our experience with the %s and the %s", t, t2)
		case 2:
			return fmt.Sprintf("Share your %s %ss", t, n)
		default:
			return fmt.Sprintf("%s in practice: what works for you?", capitalize(t))
		}
	}
}

// articleTitle writes the title of a knowledge-base article of the kind.
func (g *benchText) articleTitle(d *benchDomain, kind string) string {
	t, t2, v := g.pick(d.terms), g.pick(d.terms), g.pick(benchVerbs)
	switch kind {
	case praxis.ArticleGuide:
		return fmt.Sprintf("How we %s the %s", v, t)
	case praxis.ArticleLesson:
		return fmt.Sprintf("Lessons learned from the %s", t)
	case praxis.ArticleCase:
		return fmt.Sprintf("Case: the %s and the %s", t, t2)
	case praxis.ArticleAsset:
		return fmt.Sprintf("Template: %s %s", t, g.pick(benchNouns))
	case praxis.ArticleFAQ:
		return fmt.Sprintf("%s: frequently asked questions", capitalize(t))
	default:
		return fmt.Sprintf("Reference: the %s and the %s", t, t2)
	}
}

// heading is a rendered "## Term" block for articles.
func (g *benchText) heading(d *benchDomain) benchBlock {
	return g.render("## "+capitalize(g.pick(d.terms)), false)
}
