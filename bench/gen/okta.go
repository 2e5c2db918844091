package main

import (
	"time"
)

// Okta System Log LogEvents (API spelling), provisioning and the sign-in and token events
// that share the log with them.

const oktaTime = "2006-01-02T15:04:05.000Z"

type oktaType struct{ eventType, legacyOK, legacyFail, display string }

var oktaTypes = map[op][]oktaType{
	opLookup:     {{"application.provision.user.verify_exists", "app.user_management.verified_user_with_thirdparty", "app.api.error.check_user_exists", "Verify user exists in external application"}},
	opCreate:     {{"application.provision.user.push", "app.user_management.push_new_user_success", "app.api.error.create_user", "Push new user to external application"}},
	opUpdate:     {{"application.provision.user.push_profile", "app.user_management.push_profile_success", "app.user_management.push_profile_failure", "Push user profile update to external application"}, {"application.provision.user.sync", "app.user_management.provision_user", "app.user_management.provision_user_failed", "Sync user in external application"}},
	opPassword:   {{"application.provision.user.push_password", "app.user_management.push_okta_password_update", "app.api.error.push_password_update", "Push user's password update to external application"}},
	opDeactivate: {{"application.provision.user.deactivate", "app.user_management.deactivate_user", "app.api.error.deactivate_user", "Deactivate user in external application"}},
	opReactivate: {{"application.provision.user.reactivate", "app.user_management.reactivate_user", "app.api.error.reactivate_user", "Reactivate user in external application"}},
	opDelete:     {{"application.provision.user.deprovision", "app.user_management.deprovision_task_complete", "app.user_management.deprovision_task_complete", "Deprovision user from external application"}},
	opGroupPush:  {{"application.provision.group_push.pushed", "app.user_management.grouppush.pushed", "app.api.error.upsert_group", "Push group to external application"}, {"application.provision.group_push.updated", "app.user_management.grouppush.updated", "app.api.error.update.group", "Update group in external application"}},
	opMembership: {{"application.provision.group_push.push_memberships", "platform.group_push.push_memberships", "app.api.error.update_group_membership", "Push group memberships to external application"}},
	opImport:     {{"application.provision.user.import", "system.import.user.update", "app.api.error.import_user_profile", "Import user from external application"}},
}

// Connector-level events some failures are logged as instead.
var (
	oktaRateLimited = oktaType{"application.integration.rate_limit_exceeded", "", "app.api.error.rate.limit.exceeded", "Rate limit exceeded for app"}
	oktaAuthFailed  = oktaType{"application.integration.authentication_failure", "", "app.api.error.auth", "Authentication of app failed"}
)

// oktaPhrase is Okta's wording of the operation in a failure ("Error while creating user x").
var oktaPhrase = map[op]string{
	opLookup: "Error while verifying if user %s exists", opCreate: "Error while creating user %s",
	opUpdate: "Error while trying to push profile update for %s", opPassword: "Error while trying to push password update for %s",
	opDeactivate: "Error while deactivating user %s", opReactivate: "Error while reactivating user %s",
	opDelete: "Error while deprovisioning user %s", opGroupPush: "Error while pushing group %s",
	opMembership: "Error while pushing memberships of group %s", opImport: "Error while importing user %s",
}

// HTTP reason phrases, Okta's API error codes, and what remote servers answered, per status.
var (
	reasonPhrases = map[int]string{400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
		409: "Conflict", 429: "Too Many Requests", 500: "Internal Server Error"}
	oktaErrorCodes = map[int]string{400: "E0000001", 401: "E0000011", 403: "E0000006", 404: "E0000007",
		409: "E0000038", 429: "E0000047", 500: "E0000009"}
	remoteAnswers = map[int][]string{
		400: {`{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"scimType":"invalidValue","detail":"Invalid parameter provided in request: value.","status":"400"}`,
			`{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"scimType":"invalidFilter","detail":"Filter is not supported","status":400}`,
			`Attribute 'emails' is required`, `No schema's defined in scim user`,
			`{"detail":"title: ensure this value has at most 64 characters","status":"400","scimType":"invalidValue"}`},
		401: {`Invalid SCIM token, please check your configuration`, `The credentials used to connect to the API were invalid`,
			`{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"detail":"Authentication failed: bearer credential expired","status":"401"}`},
		403: {`{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"detail":"This credential is not allowed to manage users of this workspace","status":"403"}`,
			`Forbidden: SCIM API is not enabled for this organization`},
		404: {`Resource {url}/Users/{id} not found`, `<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>`,
			`{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"detail":"User not found","status":"404"}`},
		409: {`{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"scimType":"uniqueness","detail":"User already exists","status":"409"}`,
			`A user with userName {login} already exists`},
		429: {`Rate limit exceeded. Retry after 60 seconds.`, `{"detail":"Too many requests, slow down","status":"429"}`},
		500: {`Internal Server Error`, `java.net.SocketTimeoutException: connect timed out (POST {url}/Users)`,
			`upstream connect error or disconnect/reset before headers. reset reason: connection failure`},
	}
)

// oktaEvent appends one LogEvent.
func (g *gen) oktaEvent(b []byte, e *event) []byte {
	if e.outOfScope {
		return g.oktaOutOfScope(b, e)
	}
	group := e.op == opGroupPush || e.op == opMembership
	types := oktaTypes[e.op]
	t := types[e.variant%uint64(len(types))]
	switch {
	case e.status == 429 && e.variant>>8&1 == 0:
		t = oktaRateLimited
	case e.status == 401 && e.variant>>8&3 == 0:
		t = oktaAuthFailed
	}
	admin := e.variant>>12%10 == 0
	b = append(b, `{"actor":`...)
	if admin {
		a := &g.w.users[e.variant>>16%8]
		b = oktaUserRef(b, a)
		b = append(b, `,"client":{"userAgent":{"rawUserAgent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36","os":"Mac OS X","browser":"CHROME"},"zone":"null","device":"Computer","id":null,"ipAddress":"`...)
		b = g.appendIP(b, 198, 51)
		b = append(b, `","geographicalContext":{"city":"Dublin","state":"Leinster","country":"Ireland","postalCode":"D02","geolocation":{"lat":53.3498,"lon":-6.2603}}}`...)
	} else {
		b = append(b, `{"id":"0oa1systemprincipal7","type":"SystemPrincipal","alternateId":"system@okta.com","displayName":"Okta System","detailEntry":null},"client":{"userAgent":null,"zone":null,"device":null,"id":null,"ipAddress":null,"geographicalContext":null}`...)
	}
	b = append(b, `,"device":null,"authenticationContext":{"authenticationProvider":null,"credentialProvider":null,"credentialType":null,"issuer":null,"interface":null,"authenticationStep":0,"externalSessionId":"`...)
	b = appendOktaID(b, g.r, "trs")
	b = append(b, `"},"displayMessage":`...)
	b = appendJSONString(b, t.display)
	b = appendStringField(b, "eventType", t.eventType)
	b = append(b, `,"outcome":{"result":`...)
	text, where := "", 0
	if e.status != 0 {
		text, where = g.oktaFailureText(e, group), int(e.variant>>20%20)
		b = append(b, `"FAILURE","reason":`...)
		if where < 9 {
			b = appendJSONString(b, text)
		} else {
			b = append(b, "null"...)
		}
	} else {
		b = append(b, `"SUCCESS","reason":null`...)
	}
	b = append(b, `},"published":"`...)
	b = e.at.AppendFormat(b, oktaTime)
	b = append(b, `","securityContext":{"asNumber":null,"asOrg":null,"isp":null,"domain":null,"isProxy":null},"severity":`...)
	switch {
	case e.status != 0:
		b = append(b, `"ERROR"`...)
	case e.op == opDeactivate || e.op == opDelete:
		b = append(b, `"WARN"`...)
	default:
		b = append(b, `"INFO"`...)
	}
	b = append(b, `,"debugContext":{"debugData":{"appname":`...)
	b = appendJSONString(b, e.app.oktaAppname)
	if e.op == opImport {
		b = append(b, `,"importType":"INCREMENTAL","importTrigger":"SCHEDULED","jobId":"`...)
		b = appendOktaID(b, g.r, "ij")
		b = append(b, '"')
	}
	if e.status != 0 {
		switch {
		case where >= 9 && where < 14:
			b = appendStringField(b, "errorSummary", reasonPhrases[e.status])
			b = appendStringField(b, "errorMessage", text)
			b = appendStringField(b, "errorCode", oktaErrorCodes[e.status])
		case where >= 14 && where < 16:
			b = appendStringField(b, "cause", text)
		}
	}
	b = append(b, `}},"legacyEventType":`...)
	switch {
	case e.status != 0:
		b = appendJSONString(b, t.legacyFail)
	case t.legacyOK == "":
		b = append(b, "null"...)
	default:
		b = appendJSONString(b, t.legacyOK)
	}
	b = append(b, `,"transaction":{"type":`...)
	if admin {
		b = append(b, `"WEB","id":"`...)
		b = appendOktaID(b, g.r, "X")
		b = append(b, `AAAAk","detail":{}}`...)
	} else {
		b = append(b, `"JOB","id":"`...)
		b = appendDerivedID(b, "puj", uint64(e.i/250), uint64(e.at.Unix()/3600))
		b = append(b, `","detail":{}}`...)
	}
	b = append(b, `,"uuid":"`...)
	b = appendGUID(b, g.r)
	b = append(b, `","version":"0","request":{"ipChain":[]},"target":[`...)
	switch {
	case t.eventType == oktaRateLimited.eventType || t.eventType == oktaAuthFailed.eventType:
		b = oktaAppTarget(b, e.app)
	case group:
		b = g.oktaTargets(b, e, oktaAppTargetOf, oktaGroupTarget)
	default:
		b = g.oktaTargets(b, e, oktaAppTargetOf, oktaAppUserTarget, oktaUserTarget)
	}
	return append(b, "]}"...)
}

// oktaTargets appends the targets in one of the orders Okta uses (it varies: never pick by index).
func (g *gen) oktaTargets(b []byte, e *event, parts ...func([]byte, *event) []byte) []byte {
	order := [][3]int{{0, 1, 2}, {1, 0, 2}, {2, 0, 1}, {1, 2, 0}, {0, 2, 1}, {2, 1, 0}}[e.variant>>28%6]
	first := true
	for _, k := range order {
		if k >= len(parts) {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		b, first = parts[k](b, e), false
	}
	return b
}

func oktaAppTarget(b []byte, a *app) []byte {
	b = append(b, `{"id":"`...)
	b = append(b, a.oktaID...)
	b = append(b, `","type":"AppInstance","alternateId":`...)
	b = appendJSONString(b, a.oktaLabel)
	b = appendStringField(b, "displayName", a.oktaIntegration)
	return append(b, `,"detailEntry":null}`...)
}

func oktaAppTargetOf(b []byte, e *event) []byte { return oktaAppTarget(b, e.app) }

func oktaAppUserTarget(b []byte, e *event) []byte {
	b = append(b, `{"id":"`...)
	b = appendDerivedID(b, "0ua", uint64(e.app.idx), uint64(e.user.idx))
	b = append(b, `","type":"AppUser","alternateId":`...)
	b = appendJSONString(b, e.user.login)
	b = appendStringField(b, "displayName", e.user.display)
	return append(b, `,"detailEntry":null}`...)
}

func oktaUserTarget(b []byte, e *event) []byte {
	b = append(b, `{"id":"`...)
	b = append(b, e.user.oktaID...)
	b = append(b, `","type":"User","alternateId":`...)
	b = appendJSONString(b, e.user.login)
	b = appendStringField(b, "displayName", e.user.display)
	return append(b, `,"detailEntry":null}`...)
}

func oktaGroupTarget(b []byte, e *event) []byte {
	b = append(b, `{"id":"`...)
	b = append(b, e.group.oktaID...)
	b = append(b, `","type":"UserGroup","alternateId":`...)
	b = appendJSONString(b, e.group.name)
	b = appendStringField(b, "displayName", e.group.name)
	return append(b, `,"detailEntry":null}`...)
}

func oktaUserRef(b []byte, u *user) []byte {
	b = append(b, `{"id":"`...)
	b = append(b, u.oktaID...)
	b = append(b, `","type":"User","alternateId":`...)
	b = appendJSONString(b, u.login)
	b = appendStringField(b, "displayName", u.display)
	return append(b, `,"detailEntry":null}`...)
}

// oktaFailureText is the Tasks-style text of a failure: operation, reason phrase, remote answer.
func (g *gen) oktaFailureText(e *event, group bool) string {
	subject := e.user.login
	if group {
		subject = e.group.name
	}
	answers := remoteAnswers[e.status]
	answer := expand(answers[e.variant>>32%uint64(len(answers))], e, oldEndpoint(e.app))
	phrase := expand1(oktaPhrase[e.op], subject)
	return "Automatic provisioning of user " + e.user.login + " to app " + e.app.oktaLabel + " failed: " +
		phrase + ": " + reasonPhrases[e.status] + ". Errors reported by remote server: " + answer
}

// Out-of-scope events: what a System Log holds beside provisioning, with their own fields.
var oktaOutKinds = cumulative([]float64{0.34, 0.34, 0.15, 0.08, 0.05, 0.04})

func (g *gen) oktaOutOfScope(b []byte, e *event) []byte {
	u := float64(e.variant>>40) / float64(1<<24)
	kind := 0
	for kind < len(oktaOutKinds)-1 && u >= oktaOutKinds[kind] {
		kind++
	}
	failed := e.variant>>12%12 == 0
	b = append(b, `{"actor":`...)
	if kind == 2 {
		b = append(b, `{"id":"`...)
		b = append(b, e.app.oktaID...)
		b = append(b, `","type":"PublicClientApp","alternateId":"`...)
		b = append(b, e.app.oktaID...)
		b = append(b, `","displayName":`...)
		b = appendJSONString(b, e.app.oktaLabel+" (OIDC)")
		b = append(b, `,"detailEntry":null}`...)
	} else {
		b = oktaUserRef(b, e.user)
	}
	br := &browsers[e.variant>>44%uint64(len(browsers))]
	b = append(b, `,"client":{"userAgent":{"rawUserAgent":`...)
	b = appendJSONString(b, br.ua)
	b = append(b, `,"os":"`...)
	b = append(b, br.os...)
	b = append(b, `","browser":"`...)
	b = append(b, br.browser...)
	b = append(b, `"},"zone":"null","device":"Computer","id":null,"ipAddress":"`...)
	b = g.appendIP(b, 203, 0)
	b = append(b, `","geographicalContext":{"city":"Berlin","state":"Land Berlin","country":"Germany","postalCode":"10117","geolocation":{"lat":52.5196,"lon":13.4069}}},"device":null,"authenticationContext":{"authenticationProvider":null,"credentialProvider":null,"credentialType":null,"issuer":null,"interface":null,"authenticationStep":0,"externalSessionId":"`...)
	b = appendOktaID(b, g.r, "102")
	b = append(b, `"},"displayMessage":`...)
	var eventType, legacy, display string
	switch kind {
	case 0:
		eventType, legacy, display = "user.session.start", "core.user_auth.login_success", "User login to Okta"
		if failed {
			legacy = "core.user_auth.login_failed"
		}
	case 1:
		eventType, legacy, display = "user.authentication.sso", "app.auth.sso", "User single sign on to app"
	case 2:
		eventType, legacy, display = "app.oauth2.as.token.grant.access_token", "", "OAuth 2.0 access token is granted"
	case 3:
		eventType, legacy, display = "user.authentication.auth_via_mfa", "core.user.factor.attempt_success", "Authentication of user via MFA"
	case 4:
		eventType, legacy, display = "policy.evaluate_sign_on", "", "Evaluation of sign-on policy"
	default:
		eventType, legacy, display = "application.user_membership.add", "app.generic.provision.assign_user_to_app", "Add user to application membership"
	}
	b = appendJSONString(b, display)
	b = appendStringField(b, "eventType", eventType)
	if failed && kind == 0 {
		b = append(b, `,"outcome":{"result":"FAILURE","reason":"INVALID_CREDENTIALS"}`...)
	} else {
		b = append(b, `,"outcome":{"result":"SUCCESS","reason":null}`...)
	}
	b = append(b, `,"published":"`...)
	b = e.at.AppendFormat(b, oktaTime)
	b = append(b, `","securityContext":{"asNumber":3320,"asOrg":"deutsche telekom ag","isp":"deutsche telekom ag","domain":"t-ipconnect.de","isProxy":false},"severity":`...)
	if failed && kind == 0 {
		b = append(b, `"WARN"`...)
	} else {
		b = append(b, `"INFO"`...)
	}
	b = append(b, `,"debugContext":{"debugData":{"requestId":"`...)
	b = appendOktaID(b, g.r, "aB")
	b = append(b, `","requestUri":`...)
	switch kind {
	case 0:
		b = append(b, `"/idp/idx/identify","url":"/idp/idx/identify?","threatSuspected":"false","behaviors":"{New Geo-Location=NEGATIVE, New Device=NEGATIVE, New IP=POSITIVE}","risk":"{level=LOW}"`...)
	case 1:
		b = append(b, `"/app/`...)
		b = append(b, e.app.oktaAppname...)
		b = append(b, `/exk`...)
		b = append(b, e.app.oktaID[3:]...)
		b = append(b, `/sso/saml","initiationType":"IDP_INITIATED","signOnMode":"SAML 2.0"`...)
	case 2:
		b = append(b, `"/oauth2/v1/token","grantType":"authorization_code","requestedScopes":"openid profile email offline_access","grantedScopes":"openid profile email offline_access"`...)
	case 3:
		b = append(b, `"/idp/idx/challenge/answer","factor":"OKTA_VERIFY_PUSH","factorIntent":"AUTHENTICATION"`...)
	default:
		b = append(b, `"/api/v1/apps/`...)
		b = append(b, e.app.oktaID...)
		b = append(b, `/users"`...)
	}
	b = append(b, `}},"legacyEventType":`...)
	if legacy == "" {
		b = append(b, "null"...)
	} else {
		b = appendJSONString(b, legacy)
	}
	b = append(b, `,"transaction":{"type":"WEB","id":"`...)
	b = appendOktaID(b, g.r, "Y")
	b = append(b, `AAAAk","detail":{}},"uuid":"`...)
	b = appendGUID(b, g.r)
	b = append(b, `","version":"0","request":{"ipChain":[{"ip":"203.0.113.7","geographicalContext":{"city":"Berlin","country":"Germany"},"version":"V4","source":null}]}`...)
	switch kind {
	case 1, 5:
		b = append(b, `,"target":[`...)
		b = g.oktaTargets(b, e, oktaAppTargetOf, oktaAppUserTarget)
		b = append(b, ']')
	case 2:
		b = append(b, `,"target":[{"id":"AT.`...)
		for k := 0; k < 3; k++ {
			b = appendOktaID(b, g.r, "")
		}
		b = append(b, `","type":"access_token","alternateId":"urn:okta:oauth:access_token","displayName":"Access Token","detailEntry":{"expires":"`...)
		b = e.at.Add(time.Hour).AppendFormat(b, oktaTime)
		b = append(b, `","subject":"`...)
		b = append(b, e.user.oktaID...)
		b = append(b, `"}}]`...)
	case 3:
		b = append(b, `,"target":[{"id":"`...)
		b = appendOktaID(b, g.r, "pfd")
		b = append(b, `","type":"AuthenticatorEnrollment","alternateId":"unknown","displayName":"Okta Verify","detailEntry":null}]`...)
	}
	return append(b, '}')
}

var browsers = []struct{ ua, os, browser string }{
	{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Windows 10", "CHROME"},
	{"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", "Mac OS X", "SAFARI"},
	{"Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "Linux", "FIREFOX"},
	{"Okta Verify/9.27.0 (iPhone; iOS 18.1; Scale/3.00)", "iOS", "UNKNOWN"},
}

// oktaMalformed appends a broken record: cut off, not JSON, or JSON with a field of the wrong
// kind. Array shapes use only the kinds that keep the array's syntax intact.
func (g *gen) oktaMalformed(b []byte, e *event, k int, inArray bool) []byte {
	if inArray {
		k = 2 + k%2
	}
	switch k % 4 {
	case 0: // cut off, as a log shipper that crashed mid-write leaves it
		start := len(b)
		e.malformed = false
		b = g.oktaEvent(b, e)
		return b[:start+(len(b)-start)*(40+k%30)/100]
	case 1:
		b = append(b, `okta-log-forwarder 2026-11-03T10:15:22Z WARN batch 1842: upstream answered 502, retrying in 30s`...)
		return b
	case 2:
		b = append(b, `{"uuid":"`...)
		b = appendGUID(b, g.r)
		b = append(b, `","published":"last Tuesday","eventType":"application.provision.user.push","outcome":{"result":"SUCCESS"},"target":[]}`...)
		return b
	default:
		b = append(b, `{"uuid":"`...)
		b = appendGUID(b, g.r)
		b = append(b, `","published":"`...)
		b = e.at.AppendFormat(b, oktaTime)
		b = append(b, `","eventType":"application.provision.user.deactivate","outcome":{"result":"SUCCESS"},"target":"AppInstance `...)
		b = append(b, e.app.oktaID...)
		return append(b, `"}`...)
	}
}
