package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The world every shape draws from: one company's users, groups and ~20 target apps, each app
// with an Okta app instance and an Entra provisioning job. It is the same for every seed, so
// that files generated with different seeds (an Okta export, an Entra export, the access logs
// of both) describe one organisation and can be analysed together.

const (
	oktaOrg     = "acme.okta.com"
	entraTenant = "3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f"
	mailDomain  = "acme.example"
	oldDomain   = "scim-legacy.acme.example" // <slug>.scim-legacy.acme.example/scim/v2: the endpoints Okta provisions
	newDomain   = "scim.acme.example"        // <slug>.scim.acme.example/scim/v2: the endpoints of the Entra jobs
	oktaUA      = "Okta SCIM Client 1.0.0"
	entraUA     = "Microsoft Azure AD SCIM provisioning 1.0.0"
	worldUsers  = 12000
	worldGroups = 300
)

type user struct {
	idx              int
	login, display   string
	oktaID, entraID  string // 00u…, Entra object id
	first, last, dpt string
}

type group struct {
	idx             int
	name            string
	oktaID, entraID string // 00g…, Entra object id
}

type app struct {
	idx                          int
	name, slug                   string
	oktaID, oktaLabel            string // AppInstance id (0oa…) and label
	oktaIntegration, oktaAppname string // AppInstance displayName, debugData.appname
	jobID, spID, spName          string // Entra job, service principal
	appID, targetID, target      string // Entra application id, targetSystem id and name
	entraStale                   bool   // the Entra job still calls the old endpoint
	dominant                     int    // the HTTP status this app fails with most
	weight                       float64
}

type world struct {
	users  []user
	groups []group
	apps   []app
}

// appRows: name, slug, Okta label, Okta integration, Okta appname, Entra service principal,
// Entra job template, target system. Ordered by traffic (a Zipf-like long tail).
var appRows = [][8]string{
	{"Slack", "slack", "Slack", "Slack", "slack", "Slack", "slack", "Slack"},
	{"Zoom", "zoom", "Zoom", "Zoom", "zoomus", "Zoom Workplace", "zoom", "Zoom"},
	{"GitHub", "github", "GitHub EMU", "GitHub Enterprise Managed User", "githubent", "GitHub Enterprise Managed User", "gitHubEnterpriseManagedUser", "GitHub Enterprise Managed User"},
	{"Jira", "jira", "Jira Cloud", "Atlassian Cloud", "atlassian", "Atlassian Cloud (Jira)", "atlassianCloud", "Atlassian Cloud"},
	{"Salesforce", "salesforce", "Salesforce", "Salesforce.com", "salesforce", "Salesforce", "salesforce", "Salesforce"},
	{"Box", "box", "Box", "Box", "boxnet", "Box", "box", "Box"},
	{"Notion", "notion", "Notion", "Notion", "notion", "Notion", "notion", "Notion"},
	{"Dropbox", "dropbox", "Dropbox Business", "Dropbox Business", "dropbox_for_business", "Dropbox Business", "DropboxSCIMOutDelta", "Dropbox"},
	{"ServiceNow", "servicenow", "ServiceNow", "ServiceNow UD", "servicenow_ud", "ServiceNow", "serviceNow", "ServiceNow"},
	{"Zendesk", "zendesk", "Zendesk", "Zendesk", "zendesk", "Zendesk", "zendesk", "Zendesk"},
	{"Asana", "asana", "Asana", "Asana", "asana", "Asana", "asana", "Asana"},
	{"Figma", "figma", "Figma", "Figma", "figma", "Figma", "figma", "Figma"},
	{"Miro", "miro", "Miro", "Miro", "realtimeboard", "Miro", "miro", "Miro"},
	{"DocuSign", "docusign", "DocuSign", "DocuSign", "docusign", "DocuSign", "docuSign", "DocuSign"},
	{"Datadog", "datadog", "Datadog", "Datadog", "datadog", "Datadog", "datadog", "Datadog"},
	{"PagerDuty", "pagerduty", "PagerDuty", "PagerDuty", "pagerduty", "PagerDuty", "pagerDuty", "PagerDuty"},
	{"Snowflake", "snowflake", "Snowflake", "Snowflake", "snowflake", "Snowflake", "snowflake", "Snowflake"},
	{"Tableau", "tableau", "Tableau Cloud", "Tableau Online", "tableauonline", "Tableau Cloud", "tableauOnline", "Tableau Cloud"},
	{"Lucid", "lucid", "Lucid", "Lucidchart", "lucidchart", "Lucid (All Products)", "lucidchart", "Lucid"},
	{"1Password", "onepassword", "1Password Business", "1Password Business", "1password", "1Password Business", "onePassword", "1Password"},
	{"Wiki", "wiki", "Acme Wiki (SCIM)", "SCIM 2.0 Test App (Header Auth)", "scim2headerauth", "Acme Wiki", "scim", "customappsso"},
	{"Expenses", "expenses", "Acme Expenses", "SCIM 2.0 Test App (OAuth Bearer Token)", "scim2testapp_oauth", "Acme Expenses", "scim", "customappsso"},
}

var (
	firstNames = []string{"Alice", "Bruno", "Chen", "Dana", "Eli", "Fatima", "George", "Hana", "Ivan", "Julia",
		"Kai", "Leila", "Marco", "Nora", "Oscar", "Priya", "Quinn", "Rosa", "Sam", "Tara", "Umar", "Vera",
		"Will", "Xin", "Yusuf", "Zoë", "Amara", "Björn", "Carlos", "Dmitri", "Elena", "Farid", "Grace",
		"Hugo", "Isabel", "Jonas", "Kofi", "Lucía", "Mateo", "Nadia", "Olga", "Pedro", "Rahul", "Sofia",
		"Tomás", "Ulla", "Viktor", "Wen", "Yara", "Zain", "Aiko", "Ben", "Chloé", "Diego", "Emma", "Felix",
		"Gita", "Hassan", "Ines", "Jakub", "Keiko", "Liam", "Maya", "Noah", "Omar", "Paula", "Rin", "Stefan",
		"Thu", "Uma", "Valeria", "Wojciech", "Ximena", "Yosef", "Zofia", "Anders", "Bea", "Cyrus", "Dalia", "Emil"}
	lastNames = []string{"Ng", "Costa", "Wei", "Okafor", "Rosen", "Haddad", "Mills", "Sato", "Petrov", "Berg",
		"Andersen", "Moradi", "Rossi", "Quist", "Lind", "Raman", "Obrien", "Alvarez", "Taylor", "Walsh",
		"Farouk", "Novak", "Turner", "Liu", "Demir", "Clark", "Mensah", "Müller", "Mendes", "Ivanov",
		"García", "Karimi", "Kim", "Martin", "Silva", "Weber", "Boateng", "Fernández", "Ruiz", "Hassan",
		"Kowalski", "Santos", "Gupta", "Rossetti", "Nguyen", "Johansson", "Popescu", "Zhang", "Haddad-Levi",
		"Zaman", "Tanaka", "Cohen", "Dubois", "Romero", "Schmidt", "Wagner", "Iyer", "Khan", "Lopes", "Nowak",
		"Yamada", "Murphy", "Ali", "Pereira", "Kato", "Larsen", "Moreau", "Sørensen", "Tran", "Öztürk",
		"Volkov", "Wright", "Park", "Bianchi", "Das", "Eriksson", "Fischer", "Horvat", "Jensen", "Kaur"}
	departments = []string{"Engineering", "Sales", "Marketing", "Finance", "IT", "People", "Support", "Legal", "Design", "Operations"}
	groupWords  = []string{"all", "eng", "sales", "mkt", "fin", "it", "hr", "support", "legal", "design", "ops", "platform",
		"data", "security", "emea", "amer", "apac", "contractors", "managers", "oncall"}
)

// newWorld builds the world from a fixed seed: the same for every run and every -seed.
func newWorld() *world {
	r := rand.New(rand.NewPCG(2026, 11))
	w := &world{}
	for i := 0; i < worldUsers; i++ {
		nf, nl := len(firstNames), len(lastNames)
		first, last := firstNames[i%nf], lastNames[(i/nf+i*7)%nl]
		login := asciiLogin(first) + "." + asciiLogin(last)
		if n := i / (nf * nl); n > 0 {
			login += strconv.Itoa(n + 1)
		}
		w.users = append(w.users, user{
			idx: i, login: login + "@" + mailDomain, display: first + " " + last,
			oktaID: oktaID(r, "00u"), entraID: guid(r), first: first, last: last,
			dpt: departments[r.IntN(len(departments))],
		})
	}
	for i := 0; i < worldGroups; i++ {
		name := groupWords[i%len(groupWords)] + "-" + groupWords[(i/len(groupWords)+i*3)%len(groupWords)]
		if i >= len(groupWords) {
			name += "-" + strconv.Itoa(i/len(groupWords))
		}
		w.groups = append(w.groups, group{idx: i, name: name, oktaID: oktaID(r, "00g"), entraID: guid(r)})
	}
	statuses := []int{400, 409, 401, 404, 429, 500, 403, 400, 409, 400}
	for k, row := range appRows {
		a := app{
			idx: k, name: row[0], slug: row[1], oktaLabel: row[2], oktaIntegration: row[3], oktaAppname: row[4],
			spName: row[5], target: row[7], oktaID: oktaID(r, "0oa"), spID: guid(r), appID: guid(r),
			targetID: guid(r), dominant: statuses[k%len(statuses)],
			weight: 1 / math.Pow(float64(k+1), 1.1),
		}
		a.jobID = row[6] + "." + strings.ReplaceAll(entraTenant, "-", "") + "." + guid(r)
		a.entraStale = a.slug == "zoom" || a.slug == "tableau" // Entra jobs set up with the old base URL
		w.apps = append(w.apps, a)
	}
	return w
}

// appsNamed returns the apps of a comma-separated list of slugs, or all for "".
func (w *world) appsNamed(list string) ([]*app, error) {
	var apps []*app
	for i := range w.apps {
		if list == "" || slices.Contains(strings.Split(list, ","), w.apps[i].slug) {
			apps = append(apps, &w.apps[i])
		}
	}
	if len(apps) == 0 {
		var slugs []string
		for _, a := range w.apps {
			slugs = append(slugs, a.slug)
		}
		return nil, fmt.Errorf("-apps %q names none of %s", list, strings.Join(slugs, ","))
	}
	return apps, nil
}

// asciiLogin folds a name to the letters a login keeps ("Zoë" → "zoe", "Sørensen" → "sorensen").
func asciiLogin(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case 'a' <= r && r <= 'z':
			b.WriteRune(r)
		case strings.ContainsRune("áàâäãå", r):
			b.WriteByte('a')
		case strings.ContainsRune("éèêë", r):
			b.WriteByte('e')
		case strings.ContainsRune("íìîï", r):
			b.WriteByte('i')
		case strings.ContainsRune("óòôöõø", r):
			b.WriteByte('o')
		case strings.ContainsRune("úùûü", r):
			b.WriteByte('u')
		case r == 'ñ':
			b.WriteByte('n')
		case r == 'ç':
			b.WriteByte('c')
		}
	}
	return b.String()
}

// op is what a provisioning event does, in platform-neutral terms.
type op int

const (
	opLookup op = iota
	opCreate
	opUpdate
	opPassword
	opDeactivate
	opReactivate
	opDelete
	opGroupPush
	opMembership
	opImport
)

// opWeights: cumulative shares of the ops, in op order.
var opWeights = cumulative([]float64{0.18, 0.12, 0.40, 0.03, 0.08, 0.02, 0.03, 0.04, 0.08, 0.02})

func cumulative(ws []float64) []float64 {
	out, acc := make([]float64, len(ws)), 0.0
	for i, w := range ws {
		acc += w
		out[i] = acc
	}
	out[len(out)-1] = 1
	return out
}

// failureStatuses: the HTTP statuses failures are drawn from when not the app's own.
var failureStatuses = []int{400, 400, 400, 409, 409, 409, 404, 401, 401, 403, 429, 429, 500, 500}

// event is one drawn provisioning event, before any platform renders it. Every field is drawn
// from the model generator in a fixed order whatever the shape, so that an access log
// generated with the seed of an IdP export holds the requests of that export's events.
type event struct {
	i          int
	at         time.Time
	user       *user
	group      *group
	app        *app
	op         op
	status     int     // HTTP status of a failure; 0 on success
	skipped    bool    // Entra: out of the job's scope (scoping filter, not entitled)
	outOfScope bool    // not a provisioning event (a sign-in, a token grant, …)
	malformed  bool    // written as a broken record instead
	variant    uint64  // free bits for the renderers' choices that other shapes must agree on
	failDraw   float64 // kept for the renderers
}

// model draws the events of one file.
type model struct {
	w               *world
	apps            []*app
	cum             []float64 // cumulative weights of apps, for a long-tailed choice
	r               *rand.Rand
	n               int
	from            time.Time
	step            time.Duration
	fail, oos, skip float64
	malformedEvery  int // every k-th event is malformed (0: none)
	malformedLeft   int
}

func newModel(w *world, apps []*app, seed uint64, n int, from, to time.Time, fail, oos, skip float64, malformed int) *model {
	m := &model{w: w, apps: apps, r: rand.New(rand.NewPCG(seed, 0x6d6f64656c)), n: n, from: from, fail: fail, oos: oos, skip: skip}
	total, acc := 0.0, 0.0
	for _, a := range apps {
		total += a.weight
	}
	for _, a := range apps {
		acc += a.weight / total
		m.cum = append(m.cum, acc)
	}
	if n > 0 {
		m.step = to.Sub(from) / time.Duration(n)
	}
	if malformed > 0 && n > 1 {
		m.malformedEvery, m.malformedLeft = max(1, n/(malformed+1)), malformed
	}
	return m
}

// draw returns event i. Events come in time order, spread evenly over the window with jitter.
func (m *model) draw(i int, e *event) {
	r := m.r
	oosU, failU, skipU, opU, appU := r.Float64(), r.Float64(), r.Float64(), r.Float64(), r.Float64()
	userI, groupI, statusU, jitter, variant := r.IntN(len(m.w.users)), r.IntN(len(m.w.groups)), r.Float64(), r.Float64(), r.Uint64()
	*e = event{i: i, user: &m.w.users[userI], group: &m.w.groups[groupI], app: m.pickApp(appU), variant: variant, failDraw: failU}
	e.at = m.from.Add(time.Duration((float64(i) + jitter) * float64(m.step)))
	for e.op = 0; opU >= opWeights[e.op]; e.op++ {
	}
	e.outOfScope = oosU < m.oos
	if !e.outOfScope && failU < m.fail {
		e.status = e.app.dominant
		if statusU >= 0.5 {
			e.status = failureStatuses[int((statusU-0.5)*2*float64(len(failureStatuses)))%len(failureStatuses)]
		}
	}
	e.skipped = !e.outOfScope && e.status == 0 && skipU < m.skip
	if m.malformedEvery > 0 && i > 0 && i%m.malformedEvery == 0 && m.malformedLeft > 0 {
		e.malformed = true
		m.malformedLeft--
	}
}

// oldEndpoint is the SCIM base URL an app had before the migration (Okta provisions it).
func oldEndpoint(a *app) string { return "https://" + a.slug + "." + oldDomain + "/scim/v2" }

// newEndpoint is the app's SCIM base URL after the migration.
func newEndpoint(a *app) string { return "https://" + a.slug + "." + newDomain + "/scim/v2" }

// entraEndpoint is the base URL the app's Entra job calls: the new one, unless it was set up
// with the old one.
func entraEndpoint(a *app) string {
	if a.entraStale {
		return oldEndpoint(a)
	}
	return newEndpoint(a)
}

// pickApp maps a uniform draw in [0,1) onto the long-tailed app weights.
func (m *model) pickApp(u float64) *app {
	for i, c := range m.cum {
		if u < c {
			return m.apps[i]
		}
	}
	return m.apps[len(m.apps)-1]
}
