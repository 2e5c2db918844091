package report

// Runbook is what to do about one finding kind: the problem in a few words and the next steps, in
// the order to take them. The steps follow the migration runbook: confirm the live endpoint,
// update endpoint and token only when the target is ready, trigger a controlled change, confirm
// the old endpoint is quiet, review mappings and scope, record owners.
type Runbook struct {
	Kind    string
	Problem string
	Steps   []string
}

// runbooks hold every finding kind of DESIGN.md, in the README's order.
var runbooks = []Runbook{
	{"stale_endpoint", "a connector calls the old endpoint", []string{
		"Confirm the live endpoint: compare the connector's configured SCIM base URL with the requests the old endpoint receives (the evidence says which decided it).",
		"Update the base URL, and the token with it, to the new endpoint only when the new target is ready for this app.",
		"Trigger a controlled change (update one test user) and confirm it reaches the new endpoint and succeeds.",
		"Confirm the old endpoint is quiet for this app for a full sync cycle.",
	}},
	{"deprovision_to_old", "leavers are disabled or deleted on the old endpoint", []string{
		"Check that every user the evidence names is disabled in the target itself: the old endpoint may not reach the live tenant.",
		"Give disabling and deleting to the new connector (turn on its disable and delete actions, point it at the new endpoint), then switch off the old path.",
		"Trigger a controlled deactivation of a test user and confirm it reaches the new endpoint.",
		"Confirm the old endpoint is quiet for this app.",
	}},
	{"retired_token", "a connector presents a token of the retired tenant", []string{
		"Confirm the live endpoint and which tenant's token the target expects.",
		"Replace the connector's token with one issued for the new tenant once the target accepts it; test the connection.",
		"Trigger a controlled change and confirm it succeeds; then revoke the old token.",
	}},
	{"old_connector_active", "an old-platform connector still writes after cutover", []string{
		"Confirm the live endpoint of the old connector and that the new connector covers what it still does.",
		"Disable provisioning on the old connector (keep its configuration until the new path is verified).",
		"Confirm the old endpoint and the old connector are quiet for a full sync cycle.",
	}},
	{"split_writers", "two connectors write to one app", []string{
		"Decide which connector owns the app (normally the new platform's) and record that owner.",
		"Disable provisioning on the other connector; reconcile the users both created (look for 409 conflicts in the failures).",
		"Trigger a controlled change and confirm only the owning connector acts on it.",
	}},
	{"old_endpoint_traffic", "requests still reach the old endpoint after cutover", []string{
		"Identify the client from the evidence (platform, user agent, source), and its connector.",
		"Repoint or disable that client once the new endpoint is ready for it.",
		"Confirm the old endpoint is quiet for a full sync cycle before retiring it.",
	}},
	{"provisioning_failing", "a connector's provisioning fails", []string{
		"Read the failure classes below for this connector: token and tenant failures need a new token, endpoint failures a reachable base URL, mapping failures a mapping fix, resource failures a reconcile.",
		"Fix the cause, then trigger a controlled change and confirm it succeeds.",
	}},
	{"lifecycle_gap", "part of the lifecycle is not seen working on the new path", []string{
		"For each operation the evidence names, trigger a controlled change with a test user or group (create, update, disable, delete, group push) and confirm it succeeds on the new endpoint.",
		"For an operation that fails, review the attribute mappings and the connector's enabled actions.",
	}},
	{"sso_without_provisioning", "users sign in through the new platform but nothing provisions the app", []string{
		"Confirm how the app gets its accounts now (a connector not in the exports, just-in-time creation, by hand).",
		"Set up provisioning on the new platform, or record that the app is provisioned otherwise and who owns that.",
	}},
	{"scope_drift", "a connector skips far more users than before cutover", []string{
		"Review the connector's scope against the old one's: assignments, scoping filters, sync all or assigned only.",
		"Fix the scope, then trigger a controlled change for a user who was skipped and confirm it is provisioned.",
	}},
	{"unmapped_endpoint", "an endpoint the migration map does not place", []string{
		"Find out which app the endpoint serves and record its owner.",
		"Add the endpoint (and the app with its aliases) to the migration map, so the next run judges it.",
	}},
	{"retention_gap", "the logs do not cover the window the verdicts need", []string{
		"Export logs from at least 7 days before cutover to after cutover + grace (raise the retention if they are gone) and run again.",
		"Until then, a finding missing for this source proves nothing.",
	}},
}

// NextSteps returns the runbook of a finding kind; ok is false for a kind it does not know.
func NextSteps(kind string) (rb Runbook, ok bool) {
	for _, rb := range runbooks {
		if rb.Kind == kind {
			return rb, true
		}
	}
	return Runbook{Kind: kind, Problem: "a finding kind this version has no runbook for",
		Steps: []string{"Read the evidence of each finding below and decide with the app's owner."}}, false
}
