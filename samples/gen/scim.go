package main

import (
	"net/url"
	"strings"
	"time"
)

// scimFilter encodes a SCIM filter the way both IdP clients send it: %20 for spaces, %22 for
// quotes, %40 for @ (Okta's reference requests).
func scimFilter(attr, value string) string {
	return "filter=" + strings.ReplaceAll(url.QueryEscape(attr+` eq "`+value+`"`), "+", "%20")
}

// buildRequests fills in the SCIM calls an op made, starting about a second after the IdP
// logged it (the correlation the audit relies on).
func (w *world) buildRequests(o *op) {
	if o.base == "" {
		return
	}
	t := o.at.Add(w.between(700*time.Millisecond, 1600*time.Millisecond))
	add := func(method, path, query string, status, in, out int) {
		o.reqs = append(o.reqs, request{at: t, method: method, path: path, query: query, status: status, in: in, out: out})
		t = t.Add(w.between(250*time.Millisecond, 1300*time.Millisecond))
	}
	size := func(n int) int { return n + w.pick(n/5+1) }
	if o.action == "group" {
		w.groupRequests(o, add, size)
		return
	}
	userPath := "/Users/" + w.userID(o.app, o.p)
	lookup := scimFilter("userName", o.p.login())
	if o.platform == "okta" {
		lookup += "&startIndex=1&count=100"
	}
	switch {
	case o.status == 401, o.status == 503:
		add("GET", "/Users", lookup, o.status, 0, size(160))
	case o.action == "create" && o.platform == "okta" && o.status == 409:
		add("GET", "/Users", lookup, 200, 0, size(110))
		add("POST", "/Users", "", 409, size(640), size(170))
	case o.action == "create" && o.status == 409:
		add("GET", "/Users", lookup, 200, 0, size(110))
		add("POST", "/Users", "", 409, size(700), size(170))
	case o.action == "create":
		delete(w.scimIDs, o.app.slug+"/"+o.p.login()) // a new user gets a new id
		userPath = "/Users/" + w.userID(o.app, o.p)
		add("GET", "/Users", lookup, 200, 0, size(110))
		add("POST", "/Users", "", 201, size(680), size(900))
	case o.platform == "okta" && o.action == "update":
		add("GET", userPath, "", 200, 0, size(880))
		add("PUT", userPath, "", statusOr(o, 200), size(760), o.outFor(size(880), size(190)))
	case o.platform == "okta" && o.action == "disable":
		add("PATCH", userPath, "", 200, size(150), size(870))
	case o.result == "skipped": // attribute validation: matched, then not exported
		add("GET", "/Users", lookup, 200, 0, size(900))
	case o.action == "delete":
		add("GET", "/Users", lookup, 200, 0, size(900))
		add("DELETE", userPath, "", 204, 0, 0)
	default: // Entra update and disable
		add("GET", "/Users", lookup, 200, 0, size(900))
		add("PATCH", userPath, "", 200, size(260), size(880))
	}
}

// buildRaceLoser: the loser looked the user up just after the winner did, found nothing, and
// POSTed just after the winner's POST had created the user.
func (w *world) buildRaceLoser(o *op) {
	win := o.lostTo.reqs
	lookup := scimFilter("userName", o.p.login())
	if o.platform == "okta" {
		lookup += "&startIndex=1&count=100"
	}
	o.reqs = []request{
		{at: win[0].at.Add(w.between(150*time.Millisecond, 400*time.Millisecond)), method: "GET", path: "/Users", query: lookup,
			status: 200, out: 110 + w.pick(20)},
		{at: win[1].at.Add(w.between(300*time.Millisecond, 700*time.Millisecond)), method: "POST", path: "/Users",
			status: 409, in: 660 + w.pick(120), out: 170 + w.pick(30)},
	}
}

func (w *world) groupRequests(o *op, add func(string, string, string, int, int, int), size func(int) int) {
	groupPath := "/Groups/" + w.groupID(o.app, o.group)
	if o.platform == "entra" {
		add("GET", "/Groups", scimFilter("displayName", o.group)+"&excludedAttributes=members", 200, 0, size(240))
	}
	add("PATCH", groupPath, "", statusOr(o, 204), size(230), o.outFor(0, size(210)))
}

func statusOr(o *op, ok int) int {
	if o.status != 0 {
		return o.status
	}
	return ok
}

// outFor picks the response size of a successful or a failed call.
func (o *op) outFor(ok, failed int) int {
	if o.status != 0 {
		return failed
	}
	return ok
}
