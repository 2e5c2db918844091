package ingest

import (
	"bytes"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/scimdrift/scimdrift/internal/secret"
)

// What every row and reject goes through before the sink, whichever path decoded it: text made
// valid UTF-8, and secrets replaced by their fingerprints.

func makeReject(raw rawRecord, reason string) Reject {
	text := raw.raw
	if len(text) > maxRejectRaw {
		text = text[:maxRejectRaw]
	}
	return Reject{Line: raw.line, Offset: raw.offset, Reason: secret.Redact(reason), Raw: secret.Redact(string(bytes.ToValidUTF8(text, []byte("\uFFFD"))))}
}

// clean makes the text of every row valid UTF-8 (the store keeps NULL for any other) and
// replaces any secret in it by its fingerprint (DESIGN.md: no raw token is ever stored,
// whichever column holds it), keeping the fingerprint and tenant claim of a token in an event's
// error text or a request's query string as evidence.
func clean(b *Batch) {
	for i := range b.Events {
		e := &b.Events[i]
		if e.TokenFP == "" && holdsSecret(e.ErrorText) {
			if token := secret.TokenIn(e.ErrorText); token != "" {
				e.TokenFP, e.TokenTenant = secret.Fingerprint(token), secret.TenantClaim(token)
			}
		}
		cleanText(&e.Platform, &e.Tenant, &e.EventID, &e.EventType, &e.LegacyType, &e.ConnectorID, &e.AppName,
			&e.AppKind, &e.Action, &e.Object, &e.Result, &e.UserName, &e.UserID, &e.GroupName, &e.TargetID,
			&e.TargetName, &e.RunID, &e.Actor, &e.ErrorCode, &e.ErrorText, &e.SCIMType, &e.ErrorURL, &e.TokenFP,
			&e.TokenTenant)
	}
	for i := range b.Access {
		a := &b.Access[i]
		if a.TokenFP == "" && holdsSecret(a.Query) {
			if token := secret.TokenIn(a.Query); token != "" {
				a.TokenFP, a.TokenTenant = secret.Fingerprint(token), secret.TenantClaim(token) // ?access_token= (RFC 6750 §2.3)
			}
		}
		cleanText(&a.Host, &a.Method, &a.Path, &a.Query, &a.Endpoint, &a.SCIMBase, &a.Resource, &a.ResourceID,
			&a.FilterAttr, &a.FilterValue, &a.UserAgent, &a.ClientIP, &a.Platform, &a.TokenFP, &a.TokenTenant)
	}
	for i := range b.Connectors {
		c := &b.Connectors[i]
		cleanText(&c.Platform, &c.Tenant, &c.App, &c.ConnectorID, &c.BaseURL, &c.TokenFP, &c.Owner, &c.Status, &c.Origin)
	}
}

// cleanText replaces invalid UTF-8 in each text with U+FFFD, and the secrets secret.Redact
// recognises with their fingerprints.
func cleanText(texts ...*string) {
	for _, s := range texts {
		if !utf8.ValidString(*s) {
			*s = strings.ToValidUTF8(*s, "\uFFFD")
		}
		if holdsSecret(*s) {
			*s = secret.Redact(*s)
		}
	}
}

// secretVerdicts remembers what secret.HoldsSecret said of the texts it was asked about: the
// few that have a marker word and a separator (an app called "SCIM 2.0 Test App (OAuth Bearer
// Token)", an error text about an expired bearer credential) come back on many records, and
// the patterns are slow. Both paths ask it: the Go decoders' rows (clean) and the native
// queries' screen (unsureText). At most maxSecretVerdicts are kept.
var secretVerdicts struct {
	sync.Map
	n atomic.Int64
}

const maxSecretVerdicts = 1 << 16

func holdsSecret(text string) bool {
	if !secret.MayHoldSecret(text) {
		return false
	}
	if verdict, ok := secretVerdicts.Load(text); ok {
		return verdict.(bool)
	}
	verdict := secret.HoldsSecret(text)
	if secretVerdicts.n.Add(1) <= maxSecretVerdicts {
		secretVerdicts.Store(strings.Clone(text), verdict) // a native query's text is DuckDB's, borrowed
	}
	return verdict
}
