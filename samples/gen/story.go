package main

import (
	"slices"
	"time"
)

// change is something that happened to a person in the HR system and that every
// provisioning connector of the person's apps must carry to its target.
type change struct {
	at                 time.Time
	kind               string // join, leave, profile, purge (account hard-deleted in Entra)
	p                  *person
	oldTitle, newTitle string
}

// op is one provisioning action of one connector, and the SCIM calls it made.
type op struct {
	at          time.Time
	app         *app
	platform    string // okta or entra
	action      string // create, update, disable, delete, group, verify
	entraAction string // Entra provisioningAction when it differs from action ("other")
	p           *person
	group       string
	result      string // success, failure, skipped
	status      int    // HTTP status of the failing call
	skip        string // Entra SkipReason
	base        string // endpoint the connector called ("" when nothing was sent)
	change      *change
	attempt     int  // Entra: how many times this export was tried before
	lostTo      *op  // the other connector's op that created the user first (409 races)
	onDemand    bool // Entra: provisioned on demand by the onboarding automation
	reqs        []request
	ip          string
}

// request is one HTTP request a connector sent, relative to op.base.
type request struct {
	at          time.Time
	method      string
	path, query string
	status      int
	in, out     int // bytes received and sent by the server
}

// story builds every provisioning action of the window, in time order.
func (w *world) story() {
	for _, c := range w.hrChanges() {
		w.propagate(c)
	}
	w.boxPilotFirstCycle()
	w.boxRescope()
	w.notionAttempts()
	slices.SortStableFunc(w.ops, func(a, b *op) int { return a.at.Compare(b.at) })
	for _, o := range w.ops {
		if o.lostTo == nil {
			w.buildRequests(o)
		}
	}
	for _, o := range w.ops {
		if o.lostTo != nil {
			w.buildRaceLoser(o)
		}
	}
}

// hrChanges lists joins, leaves, title changes and one account purge, in time order.
func (w *world) hrChanges() []change {
	var cs []change
	for _, p := range w.people {
		if !p.joins.IsZero() {
			cs = append(cs, change{at: p.joins, kind: "join", p: p})
		}
		if !p.leaves.IsZero() {
			cs = append(cs, change{at: p.leaves, kind: "leave", p: p})
		}
	}
	// Dana Okafor's account is hard-deleted a week after she left: only Slack's job deletes.
	cs = append(cs, change{at: date(2026, 11, 25, 10, 5, 0), kind: "purge", p: w.byLogin["dana.okafor@acme.example"]})
	titles := map[string][]string{
		"Engineering": {"Senior Software Engineer", "Staff Engineer", "Platform Engineer", "Engineering Manager"},
		"IT":          {"Senior IT Administrator", "IT Support Lead", "Security Engineer"},
		"Sales":       {"Senior Account Executive", "Sales Manager", "Solutions Consultant"},
		"Marketing":   {"Senior Designer", "Brand Manager", "Growth Marketer"},
		"Finance":     {"Senior Accountant", "Finance Manager", "FP&A Analyst"},
		"People":      {"Senior Recruiter", "People Partner", "Talent Lead"},
	}
	type when struct {
		at time.Time
		p  *person
	}
	var profile []when
	for len(profile) < 90 {
		day := windowStart.AddDate(0, 0, w.pick(28))
		if day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
			continue
		}
		at := day.Add(8*time.Hour + w.between(0, 9*time.Hour))
		p := w.people[w.pick(len(w.people))]
		if p.activeAt(at.Add(-24*time.Hour)) && p.activeAt(at.Add(2*time.Hour)) {
			profile = append(profile, when{at, p})
		}
	}
	slices.SortStableFunc(profile, func(a, b when) int { return a.at.Compare(b.at) })
	for _, pw := range profile {
		p := pw.p
		opts := titles[p.dept]
		t := opts[w.pick(len(opts))]
		if t == p.title {
			t = opts[(slices.Index(opts, t)+1)%len(opts)]
		}
		c := change{at: pw.at, kind: "profile", p: p, oldTitle: p.title, newTitle: t}
		p.titles = append(p.titles, c)
		p.title = t
		cs = append(cs, c)
	}
	slices.SortStableFunc(cs, func(a, b change) int { return a.at.Compare(b.at) })
	return cs
}

// propagate sends one change through every connector that handles the person in each app.
func (w *world) propagate(c change) {
	for _, a := range w.apps {
		if !a.assigned(c.p) || c.kind == "purge" && a.slug != "slack" {
			continue
		}
		switch {
		case a.slug == "wiki":
			w.entraChange(a, c, wikiBase)
		case a.slug == "dropbox":
			if c.at.Before(dropboxRetired) {
				w.oktaChange(a, c, oldBase(a.slug))
			}
		case c.at.Before(cutover):
			w.oktaChange(a, c, oldBase(a.slug))
			if a.slug == "box" && !c.at.Before(boxPilotStart) {
				w.entraChange(a, c, newBase(a.slug))
			}
		default:
			w.afterCutover(a, c)
		}
	}
}

// afterCutover is where the apps' stories differ (samples/README.md).
func (w *world) afterCutover(a *app, c change) {
	switch a.slug {
	case "slack":
		w.entraChange(a, c, newBase(a.slug))
	case "zoom": // stale: the Entra job was given the old base URL
		w.entraChange(a, c, oldBase(a.slug))
	case "github": // split: the Okta connector was repointed instead of disabled
		w.githubRace(a, c)
	case "notion": // retired token: changes wait for the quarantined job's next attempt
		w.notionPending = append(w.notionPending, c)
	case "jira": // deprovision to old: only Okta's deactivation is still switched on
		if c.kind == "leave" {
			w.oktaChange(a, c, oldBase(a.slug))
		} else {
			w.entraChange(a, c, newBase(a.slug))
		}
	case "salesforce": // lifecycle gap: the Entra job has no disable or delete action
		if c.kind != "leave" {
			w.entraChange(a, c, newBase(a.slug))
		}
	case "box": // scope drift: the scoping filter now keeps Engineering only
		w.entraChange(a, c, newBase(a.slug))
	}
}

func actionOf(kind string) string {
	switch kind {
	case "join":
		return "create"
	case "leave":
		return "disable"
	case "purge":
		return "delete"
	}
	return "update"
}

func (w *world) addOp(o *op) *op {
	if o.result == "" {
		o.result = "success"
	}
	if o.ip == "" {
		if o.platform == "okta" {
			o.ip = oktaIPs[w.pick(len(oktaIPs))]
		} else {
			o.ip = entraIPs[w.pick(len(entraIPs))]
		}
	}
	w.ops = append(w.ops, o)
	return o
}

var (
	oktaIPs  = []string{"198.51.100.20", "198.51.100.21", "198.51.100.22", "198.51.100.23", "198.51.100.24", "198.51.100.25"}
	entraIPs = []string{"203.0.113.40", "203.0.113.41", "203.0.113.42", "203.0.113.43", "203.0.113.44", "203.0.113.45", "203.0.113.46"}
)

// oktaChange is Okta's event-driven push of one change, seconds after it happened.
func (w *world) oktaChange(a *app, c change, base string) {
	if w.injected["unlinked/"+a.slug+"/"+c.p.login()] {
		return // Okta never linked this app user: its create failed
	}
	at := c.at.Add(w.between(20*time.Second, 70*time.Second))
	o := &op{at: at, app: a, platform: "okta", action: actionOf(c.kind), p: c.p, base: base, change: &c}
	w.oktaFailure(o)
	w.addOp(o)
	if o.action == "create" && o.status == 409 {
		w.injected["unlinked/"+a.slug+"/"+c.p.login()] = true
	}
	if o.action == "create" && o.result == "success" {
		w.oktaGroupPush(a, c, at.Add(w.between(30*time.Second, 50*time.Second)), base)
	}
}

// oktaFailure injects the normal failures of the Okta era.
func (w *world) oktaFailure(o *op) {
	login := o.p.login()
	switch {
	case o.app.slug == "zoom" && login == "will.turner@acme.example" && o.action == "create":
		o.result, o.status = "failure", 409 // he had signed up to Zoom himself
	case o.app.slug == "box" && login == "felix.wagner@acme.example" && o.action == "create":
		o.action, o.result, o.status = "verify", "failure", 503
		retry := *o
		retry.action, retry.result, retry.status = "create", "success", 0
		retry.at = o.at.Add(17 * time.Minute)
		retry.ip = ""
		w.addOp(&retry)
		w.oktaGroupPush(o.app, *o.change, retry.at.Add(40*time.Second), o.base)
	case o.app.slug == "salesforce" && o.action == "update" && !w.injected["sf400"] && o.at.After(date(2026, 11, 9, 0, 0, 0)):
		w.injected["sf400"] = true
		o.result, o.status = "failure", 400
	case o.app.slug == "github" && o.action == "update" && !w.injected["gh400"] && o.at.After(date(2026, 11, 12, 0, 0, 0)) && o.at.Before(cutover):
		w.injected["gh400"] = true
		o.result, o.status = "failure", 400
	}
}

func (w *world) oktaGroupPush(a *app, c change, at time.Time, base string) {
	g, ok := a.groups[c.p.dept]
	if !ok {
		return
	}
	w.addOp(&op{at: at, app: a, platform: "okta", action: "group", p: c.p, group: g, base: base, change: &c})
}

// jobStart is when an Entra job ran its first cycle; cycles follow every 40 minutes.
func jobStart(a *app) time.Time {
	switch a.slug {
	case "wiki":
		return date(2026, 10, 20, 6, 3, 0)
	case "box":
		return boxPilotStart
	}
	return entraStart
}

// nextCycle returns the start of the first cycle of a's job at or after t.
func nextCycle(a *app, t time.Time) time.Time {
	start := jobStart(a)
	if !t.After(start) {
		return start
	}
	k := (t.Sub(start) + entraCycle - 1) / entraCycle
	return start.Add(k * entraCycle)
}

// entraChange is the Entra job carrying a change in its next cycle.
func (w *world) entraChange(a *app, c change, base string) {
	cycle := nextCycle(a, c.at.Add(5*time.Minute))
	at := cycle.Add(w.between(3*time.Second, 150*time.Second))
	o := &op{at: at, app: a, platform: "entra", action: actionOf(c.kind), p: c.p, base: base, change: &c}
	if a.slug == "box" && !c.at.Before(cutover) && c.p.dept != "Engineering" {
		o.result, o.skip, o.base = "skipped", "NotEffectivelyEntitled", ""
	}
	if a.slug == "box" && c.at.Before(cutover) && c.kind == "join" {
		o.action = "update" // the pilot job matched the user Okta had just created
	}
	w.addOp(o)
	if o.action == "create" && o.result == "success" {
		w.entraGroupPush(a, c, at.Add(w.between(10*time.Second, 40*time.Second)), base)
	}
}

func (w *world) entraGroupPush(a *app, c change, at time.Time, base string) {
	g, ok := a.groups[c.p.dept]
	if !ok {
		return
	}
	o := w.addOp(&op{at: at, app: a, platform: "entra", action: "group", p: c.p, group: g, base: base, change: &c})
	if a.slug != "salesforce" {
		return
	}
	// Salesforce's new group mapping sends members.display, which the target refuses; the
	// export is retried after about 6, 12 and 24 hours and fails every time.
	o.result, o.status = "failure", 400
	for i, wait := range []time.Duration{6 * time.Hour, 18 * time.Hour, 42 * time.Hour} {
		retry := *o
		retry.at, retry.attempt, retry.ip = nextCycle(a, o.at.Add(wait)).Add(w.between(3*time.Second, 90*time.Second)), i+1, ""
		w.addOp(&retry)
	}
}

// githubRace: both connectors carry every change. Okta pushes within a minute; Entra in its
// next cycle, except for new hires, whom the onboarding automation provisions on demand in
// the same seconds as Okta: both look the user up, find nothing and POST, and the second
// POST gets 409 uniqueness.
func (w *world) githubRace(a *app, c change) {
	base := newBase(a.slug)
	if c.kind != "join" {
		w.oktaChange(a, c, base)
		w.entraChange(a, c, base)
		return
	}
	okAt := c.at.Add(w.between(20*time.Second, 70*time.Second))
	okta := w.addOp(&op{at: okAt, app: a, platform: "okta", action: "create", p: c.p, base: base, change: &c})
	entra := w.addOp(&op{at: okAt.Add(w.between(200*time.Millisecond, 900*time.Millisecond)), app: a, platform: "entra",
		action: "create", p: c.p, base: base, change: &c, onDemand: true})
	winner, loser := okta, entra
	if c.p.login() == "umar.farouk@acme.example" {
		winner, loser = entra, okta
	}
	loser.result, loser.status = "failure", 409
	loser.lostTo = winner
	if loser == okta {
		w.injected["unlinked/"+a.slug+"/"+c.p.login()] = true
	}
	if loser == entra {
		// Entra retries the export about 6 hours later, finds the user and updates it.
		w.addOp(&op{at: nextCycle(a, entra.at.Add(6*time.Hour)).Add(w.between(3*time.Second, 90*time.Second)), app: a,
			platform: "entra", action: "update", p: c.p, base: base, change: &c, attempt: 1})
	}
	gAt := okAt.Add(w.between(30*time.Second, 50*time.Second))
	if g, ok := a.groups[c.p.dept]; ok {
		w.addOp(&op{at: gAt, app: a, platform: "okta", action: "group", p: c.p, group: g, base: base, change: &c})
		w.addOp(&op{at: gAt.Add(w.between(2*time.Second, 6*time.Second)), app: a, platform: "entra", action: "group", p: c.p, group: g, base: base, change: &c, onDemand: true})
	}
}

// boxPilotFirstCycle: the Entra Box job's first cycle on 12 November matched every Box user
// Okta had created and rewrote externalId; two users lacked a mandatory attribute.
func (w *world) boxPilotFirstCycle() {
	a := w.bySlug["box"]
	at := boxPilotStart.Add(20 * time.Second)
	for _, p := range w.people {
		if !p.activeAt(boxPilotStart) {
			continue
		}
		at = at.Add(w.between(2*time.Second, 9*time.Second))
		o := &op{at: at, app: a, platform: "entra", action: "update", p: p, base: newBase(a.slug)}
		if p.login() == "nadia.karim@acme.example" || p.login() == "samir.nasser@acme.example" {
			o.result, o.skip = "skipped", "AttributeValidationFailed"
		}
		w.addOp(o)
	}
}

// boxRescope: at cutover the Box job got GitHub's scoping filter (department EQUALS
// Engineering); its first cycle after that skips everyone else.
func (w *world) boxRescope() {
	a := w.bySlug["box"]
	cycle := nextCycle(a, entraStart)
	at := cycle.Add(15 * time.Second)
	for _, p := range w.people {
		if !p.activeAt(cycle) || p.dept == "Engineering" {
			continue
		}
		at = at.Add(w.between(1*time.Second, 4*time.Second))
		w.addOp(&op{at: at, app: a, platform: "entra", action: "update", entraAction: "other", p: p,
			result: "skipped", skip: "NotEffectivelyEntitled"})
	}
}

// notionAttempts: the Notion job presents the retired tenant's token to the new endpoint and
// gets 401 on every call. It is quarantined after its first cycle and retried after about
// 6 and 12 hours, then daily; each attempt retries two escrowed users and the changes since.
func (w *world) notionAttempts() {
	a := w.bySlug["notion"]
	base := newBase(a.slug)
	var first []*person
	for _, p := range w.people {
		if a.assigned(p) && p.activeAt(entraStart) && len(first) < 8 {
			first = append(first, p)
		}
	}
	attempts := []time.Time{entraStart.Add(2 * time.Minute)}
	for _, wait := range []time.Duration{6 * time.Hour, 12 * time.Hour} {
		attempts = append(attempts, attempts[len(attempts)-1].Add(wait))
	}
	for next := attempts[len(attempts)-1].Add(24 * time.Hour); next.Before(windowEnd); next = next.Add(24 * time.Hour) {
		attempts = append(attempts, next)
	}
	w.notionAttemptTimes = attempts
	pending := w.notionPending
	for i, t := range attempts {
		at := t.Add(10 * time.Second)
		retry := first
		if i > 0 {
			retry = first[:2]
		}
		for _, p := range retry {
			at = at.Add(w.between(2*time.Second, 8*time.Second))
			w.addOp(&op{at: at, app: a, platform: "entra", action: "create", p: p, base: base, result: "failure", status: 401, attempt: i})
		}
		for len(pending) > 0 && pending[0].at.Before(t) {
			c := pending[0]
			pending = pending[1:]
			at = at.Add(w.between(2*time.Second, 8*time.Second))
			w.addOp(&op{at: at, app: a, platform: "entra", action: actionOf(c.kind), p: c.p, base: base, change: &c,
				result: "failure", status: 401})
		}
	}
}
