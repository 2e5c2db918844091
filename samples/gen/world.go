package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// The fixed facts of the story (samples/README.md tells it).
const (
	oktaOrg     = "acme.okta.com"
	entraTenant = "3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f"
	oktaUA      = "Okta SCIM Client 1.0.0"
	entraUA     = "Microsoft Azure AD SCIM provisioning 1.0.0"
	monitorUA   = "acme-uptime/2.3"
	probeUA     = "kube-probe/1.31"
	legacyHost  = "scim-legacy.acme.example"
	gatewayHost = "scim.acme.example"
	euHost      = "scim.acme-eu.example"
	wikiBase    = "https://" + euHost + "/wiki/scim/v2"
)

var (
	windowStart = date(2026, 11, 2, 0, 0, 0)
	windowEnd   = date(2026, 11, 30, 0, 0, 0)
	cutover     = date(2026, 11, 16, 0, 0, 0)
	grace       = 24 * time.Hour
	// albStart is where the new gateway's access log begins: less than 7 days before cutover.
	albStart = date(2026, 11, 12, 0, 0, 0)
	// boxPilotStart is when the Entra Box job started in a pilot, writing beside Okta.
	boxPilotStart = date(2026, 11, 12, 9, 0, 0)
	// entraStart is when the Entra jobs of the migrated apps started their first cycle.
	entraStart = date(2026, 11, 16, 0, 10, 0)
	// dropboxRetired is when Dropbox was decommissioned and its Okta app deactivated.
	dropboxRetired = date(2026, 11, 9, 16, 0, 0)
	// entraCycle is the interval of Entra's incremental provisioning cycles.
	entraCycle = 40 * time.Minute
)

func date(y int, m time.Month, d, h, min, s int) time.Time {
	return time.Date(y, m, d, h, min, s, 0, time.UTC)
}

func oldBase(slug string) string { return "https://" + legacyHost + "/" + slug + "/scim/v2" }
func newBase(slug string) string { return "https://" + gatewayHost + "/" + slug + "/scim/v2" }

// person is one of Acme's invented employees, the same in every file.
type person struct {
	first, last, dept string
	eu                bool
	title             string    // current title while the story is generated
	firstTitle        string    // title at the start of the window
	titles            []change  // title changes, in time order
	joins, leaves     time.Time // zero: before / after the window
	oktaID            string    // 00u…
	entraID           string    // Entra object id
}

func (p *person) login() string   { return strings.ToLower(p.first + "." + p.last + "@acme.example") }
func (p *person) display() string { return p.first + " " + p.last }

// activeAt reports whether the person is employed at t.
func (p *person) activeAt(t time.Time) bool {
	return !t.Before(p.joins) && (p.leaves.IsZero() || t.Before(p.leaves))
}

// app is one target application with its Okta app instance and Entra job.
type app struct {
	slug, name, owner string
	// Okta side (empty oktaID: no Okta connector).
	oktaID, oktaLabel, oktaIntegration, oktaAppName string
	// Entra side (empty jobID: no Entra connector).
	jobID, template, spID, spName, appID, targetSystemID, targetSystem string
	graph                                                              bool // Entra events go to the Graph page (else the diagnostic export)
	depts                                                              []string
	euOnly                                                             bool
	groups                                                             map[string]string // department → group pushed for it
	scimID                                                             func(w *world) string
	groupID                                                            func(w *world) string
}

func (a *app) assigned(p *person) bool {
	if a.euOnly {
		return p.eu
	}
	if len(a.depts) == 0 {
		return true
	}
	for _, d := range a.depts {
		if d == p.dept {
			return true
		}
	}
	return false
}

// world holds everything generated, in the order it was generated.
type world struct {
	rng      *rand.Rand
	people   []*person
	apps     []*app
	bySlug   map[string]*app
	byLogin  map[string]*person
	scimIDs  map[string]string // slug + "/" + login → SCIM user id
	groupIDs map[string]string // slug + "/" + group → SCIM group id
	entraGID map[string]string // group → Entra group object id
	oktaGID  map[string]string // group → Okta group id
	ops      []*op
	cycles   map[string]string // job + cycle start → cycleId
	tokens   map[string]string // connector → raw token (never written)
	injected map[string]bool   // one-off failures already placed; app users Okta never linked
	// notionPending holds the changes the quarantined Notion job will try at its next attempt.
	notionPending      []change
	notionAttemptTimes []time.Time
}

func newWorld(seed uint64) *world {
	w := &world{
		rng:      rand.New(rand.NewPCG(seed, seed^0x5c1adf7)),
		bySlug:   map[string]*app{},
		byLogin:  map[string]*person{},
		scimIDs:  map[string]string{},
		groupIDs: map[string]string{},
		entraGID: map[string]string{},
		oktaGID:  map[string]string{},
		cycles:   map[string]string{},
		tokens:   map[string]string{},
		injected: map[string]bool{},
	}
	w.people = w.makePeople()
	for _, p := range w.people {
		w.byLogin[p.login()] = p
	}
	w.apps = w.makeApps()
	for _, a := range w.apps {
		w.bySlug[a.slug] = a
	}
	w.makeTokens()
	return w
}

const (
	alnum   = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	upalnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	hexdig  = "0123456789abcdef"
	urlsafe = alnum + "-_"
)

func (w *world) chars(n int, set string) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = set[w.rng.IntN(len(set))]
	}
	return string(b)
}

// oktaID makes a 20-character Okta id: a type prefix, 14 random characters, the org suffix.
func (w *world) oktaID(prefix string) string { return prefix + w.chars(14, alnum) + "4x7" }

func (w *world) guid() string {
	h := w.chars(32, hexdig)
	return h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-" + string("89ab"[w.rng.IntN(4)]) + h[17:20] + "-" + h[20:]
}

// between returns a random duration in [lo, hi).
func (w *world) between(lo, hi time.Duration) time.Duration {
	return lo + time.Duration(w.rng.Int64N(int64(hi-lo)))
}

func (w *world) pick(n int) int { return w.rng.IntN(n) }

// makePeople lists Acme's 40 employees. Joiners and leavers drive the lifecycle story.
func (w *world) makePeople() []*person {
	type row struct {
		first, last, dept string
		eu                bool
		title             string
	}
	rows := []row{
		{"Alice", "Ng", "Engineering", false, "Staff Engineer"},
		{"Bruno", "Costa", "Engineering", true, "Software Engineer"},
		{"Chen", "Wei", "Engineering", false, "Senior Software Engineer"},
		{"Dana", "Okafor", "Engineering", false, "Software Engineer"},
		{"Eli", "Rosen", "Engineering", false, "Site Reliability Engineer"},
		{"Hana", "Sato", "Engineering", false, "Engineering Manager"},
		{"Ivan", "Petrov", "Engineering", true, "Senior Software Engineer"},
		{"Mateo", "Ruiz", "Engineering", true, "Software Engineer"},
		{"Priya", "Raman", "Engineering", false, "Software Engineer"},
		{"Xin", "Liu", "Engineering", false, "Software Engineer"},
		{"Jonas", "Weber", "Engineering", true, "Software Engineer"},
		{"Marco", "Rossi", "Engineering", true, "Data Engineer"},
		{"Kai", "Andersen", "IT", true, "IT Administrator"},
		{"George", "Mills", "IT", false, "IT Support Specialist"},
		{"Umar", "Farouk", "IT", false, "Security Engineer"},
		{"Felix", "Wagner", "IT", true, "IT Support Specialist"},
		{"Fatima", "Haddad", "Sales", false, "Account Executive"},
		{"Julia", "Berg", "Sales", true, "Account Executive"},
		{"Kofi", "Mensah", "Sales", false, "Sales Manager"},
		{"Oscar", "Lind", "Sales", true, "Sales Engineer"},
		{"Rosa", "Alvarez", "Sales", false, "Account Executive"},
		{"Tara", "Walsh", "Sales", false, "Sales Development Rep"},
		{"Will", "Turner", "Sales", false, "Account Executive"},
		{"Carlos", "Mendes", "Sales", false, "Sales Development Rep"},
		{"Lena", "Fischer", "Marketing", true, "Marketing Manager"},
		{"Nadia", "Karim", "Marketing", false, "Content Strategist"},
		{"Quinn", "Obrien", "Marketing", false, "Product Marketing Manager"},
		{"Zoe", "Clark", "Marketing", false, "Designer"},
		{"Beatriz", "Lima", "Marketing", false, "Marketing Analyst"},
		{"Hugo", "Martin", "Marketing", true, "Events Manager"},
		{"Samir", "Nasser", "Finance", false, "Controller"},
		{"Vera", "Novak", "Finance", true, "Accountant"},
		{"Aaron", "Blake", "Finance", false, "Financial Analyst"},
		{"Emma", "Larsen", "Finance", true, "Payroll Specialist"},
		{"Grace", "Kim", "Finance", false, "Financial Analyst"},
		{"Dmitri", "Volkov", "People", false, "Recruiter"},
		{"Ines", "Duarte", "People", true, "People Partner"},
		{"Leila", "Moradi", "People", false, "Recruiter"},
		{"Nora", "Hansen", "People", true, "Head of People"},
		{"Sofia", "Greco", "People", false, "People Operations"},
	}
	joins := map[string]time.Time{
		"priya.raman":   date(2026, 11, 3, 8, 40, 0),
		"zoe.clark":     date(2026, 11, 3, 9, 5, 0),
		"will.turner":   date(2026, 11, 5, 8, 30, 0),
		"felix.wagner":  date(2026, 11, 10, 8, 15, 0),
		"grace.kim":     date(2026, 11, 12, 10, 20, 0),
		"xin.liu":       date(2026, 11, 17, 8, 45, 0),
		"marco.rossi":   date(2026, 11, 18, 8, 30, 0),
		"carlos.mendes": date(2026, 11, 19, 9, 10, 0),
		"umar.farouk":   date(2026, 11, 23, 8, 50, 0),
		"hugo.martin":   date(2026, 11, 25, 9, 0, 0),
		"jonas.weber":   date(2026, 11, 26, 8, 35, 0),
	}
	leaves := map[string]time.Time{
		"tara.walsh":   date(2026, 11, 4, 17, 30, 0),
		"leila.moradi": date(2026, 11, 11, 17, 0, 0),
		"eli.rosen":    date(2026, 11, 13, 16, 45, 0),
		"hana.sato":    date(2026, 11, 16, 14, 10, 0), // inside the grace period
		"dana.okafor":  date(2026, 11, 18, 17, 20, 0),
		"rosa.alvarez": date(2026, 11, 20, 16, 0, 0),
		"chen.wei":     date(2026, 11, 24, 17, 5, 0),
		"quinn.obrien": date(2026, 11, 27, 15, 40, 0),
	}
	var people []*person
	for _, r := range rows {
		p := &person{first: r.first, last: r.last, dept: r.dept, eu: r.eu, title: r.title, firstTitle: r.title}
		key := strings.TrimSuffix(p.login(), "@acme.example")
		p.joins, p.leaves = joins[key], leaves[key]
		p.oktaID, p.entraID = w.oktaID("00u"), w.guid()
		people = append(people, p)
	}
	return people
}

// SCIM id styles differ per target, as real products' ids do.
func slackID(prefix string) func(*world) string {
	return func(w *world) string { return prefix + w.chars(10, upalnum) }
}
func guidID(w *world) string          { return w.guid() }
func zoomID(w *world) string          { return w.chars(22, urlsafe) }
func salesforceUser(w *world) string  { return "005" + w.chars(15, alnum) }
func salesforceGroup(w *world) string { return "00G" + w.chars(15, alnum) }
func boxID(w *world) string           { return fmt.Sprintf("%d", 30000000000+w.rng.Int64N(9999999999)) }
func dropboxUser(w *world) string     { return "dbmid:AA" + w.chars(31, urlsafe) }
func dropboxGroup(w *world) string    { return "g:" + w.chars(24, hexdig) }

// makeApps lists the eight mapped apps and the undeclared Wiki EU.
func (w *world) makeApps() []*app {
	tenant := strings.ReplaceAll(entraTenant, "-", "")
	apps := []*app{
		{slug: "slack", name: "Slack", owner: "collab-team", oktaLabel: "Slack", spName: "Slack", targetSystem: "Slack",
			template: "slack", graph: true, scimID: slackID("U0"), groupID: slackID("S0"),
			groups: map[string]string{"Engineering": "eng-all", "IT": "it-ops", "Sales": "sales-all", "Marketing": "marketing-all", "Finance": "finance-all", "People": "people-team"}},
		{slug: "zoom", name: "Zoom", owner: "collab-team", oktaLabel: "Zoom", spName: "Zoom Workplace", targetSystem: "Zoom",
			template: "zoom", graph: true, scimID: zoomID},
		{slug: "github", name: "GitHub", owner: "dev-platform", oktaLabel: "GitHub EMU", spName: "GitHub Enterprise Managed User", targetSystem: "GitHub",
			template: "gitHubEnterpriseManagedUser", depts: []string{"Engineering", "IT"}, scimID: guidID, groupID: guidID,
			groups: map[string]string{"Engineering": "engineering", "IT": "it-ops"}},
		{slug: "notion", name: "Notion", owner: "docs-team", oktaLabel: "Notion", spName: "Notion", targetSystem: "Notion",
			template: "notion", graph: true, depts: []string{"Engineering", "IT", "Marketing", "People"}, scimID: guidID},
		{slug: "jira", name: "Jira", owner: "eng-tools", oktaLabel: "Jira Cloud", spName: "Atlassian Cloud (Jira)", targetSystem: "Atlassian Cloud",
			template: "atlassianCloud", depts: []string{"Engineering", "IT", "Marketing"}, scimID: guidID, groupID: guidID,
			groups: map[string]string{"Engineering": "jira-software-users", "IT": "jira-software-users", "Marketing": "jira-work-management-users"}},
		{slug: "salesforce", name: "Salesforce", owner: "sales-ops", oktaLabel: "Salesforce", spName: "Salesforce", targetSystem: "Salesforce",
			template: "salesforce", graph: true, depts: []string{"Sales", "Marketing", "Finance"}, scimID: salesforceUser, groupID: salesforceGroup,
			groups: map[string]string{"Sales": "Sales Team", "Marketing": "Marketing Ops", "Finance": "Finance"}},
		{slug: "box", name: "Box", owner: "it-ops", oktaLabel: "Box", spName: "Box", targetSystem: "Box",
			template: "box", scimID: boxID, groupID: boxID,
			groups: map[string]string{"Engineering": "All Staff", "IT": "All Staff", "Sales": "All Staff", "Marketing": "All Staff", "Finance": "All Staff", "People": "All Staff"}},
		{slug: "dropbox", name: "Dropbox", owner: "it-ops", oktaLabel: "Dropbox Business", depts: []string{"Sales", "Marketing"},
			scimID: dropboxUser, groupID: dropboxGroup},
		{slug: "wiki", name: "Wiki EU", spName: "Wiki EU", targetSystem: "customappsso", template: "scim", euOnly: true, scimID: guidID},
	}
	for _, a := range apps {
		if a.slug != "wiki" {
			a.oktaID = w.oktaID("0oa")
			a.oktaIntegration = a.name + " SCIM"
			a.oktaAppName = "acme_" + a.slug + "scim_1"
		}
		if a.slug != "dropbox" {
			a.jobID = a.template + "." + tenant + "." + w.guid()
			a.spID, a.appID, a.targetSystemID = w.guid(), w.guid(), w.guid()
		}
	}
	return apps
}

// makeTokens invents the bearer tokens of every connector. They only feed secret.Fingerprint
// and are never written: the test checks that none appears in any file.
func (w *world) makeTokens() {
	for _, a := range w.apps {
		if a.oktaID != "" {
			w.tokens["okta/"+a.slug] = "acme-legacy-" + a.slug + "-" + w.chars(40, alnum)
		}
		if a.jobID != "" {
			w.tokens["entra/"+a.slug] = "acme-gw-" + a.slug + "-" + w.chars(40, alnum)
		}
	}
	// Notion's Entra job was given the retired tenant's token: the old Okta one.
	w.tokens["entra/notion"] = w.tokens["okta/notion"]
}

// userID returns the SCIM id a target gave (or gives now) to a person.
func (w *world) userID(a *app, p *person) string {
	k := a.slug + "/" + p.login()
	if id, ok := w.scimIDs[k]; ok {
		return id
	}
	id := a.scimID(w)
	w.scimIDs[k] = id
	return id
}

func (w *world) groupID(a *app, g string) string {
	k := a.slug + "/" + g
	if id, ok := w.groupIDs[k]; ok {
		return id
	}
	id := a.groupID(w)
	w.groupIDs[k] = id
	return id
}

func (w *world) entraGroupID(g string) string {
	if id, ok := w.entraGID[g]; ok {
		return id
	}
	id := w.guid()
	w.entraGID[g] = id
	return id
}

func (w *world) oktaGroupID(g string) string {
	if id, ok := w.oktaGID[g]; ok {
		return id
	}
	id := w.oktaID("00g")
	w.oktaGID[g] = id
	return id
}
