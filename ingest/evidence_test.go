package ingest

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestHTTPStatusIn(t *testing.T) {
	cases := []struct {
		text string
		want int
	}{
		{"Contoso returned an error response with the HTTP status code 409.", 409},
		{"Error: StatusCode: BadRequest Message: Processing of the HTTP request resulted in an exception.", 400},
		{"StatusCode: Unauthorized", 401},
		{"An HTTP/404 Not Found response was returned rather than the expected HTTP/200 OK response.", 404},
		{"upstream said HTTP/1.1 503 Service Unavailable", 503},
		{`{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"409","scimType":"uniqueness"}`, 409},
		{"Error while verifying if user jd exists: Unauthorized. Errors reported by remote server: Invalid SCIM token", 401},
		{"Error while trying to push profile update for jd: Bad Request. Errors reported by remote server: …", 400},
		{"Error while creating user jd: No schema's defined in scim user", 0},
		{"", 0},
	}
	for _, c := range cases {
		if got := HTTPStatusIn(c.text); got != c.want {
			t.Errorf("HTTPStatusIn(%q) = %d, want %d", c.text, got, c.want)
		}
	}
}

func TestSCIMTypeAndURLIn(t *testing.T) {
	body := `Web Response: {"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"scimType":"invalidValue","detail":"bad"} at https://scim-legacy.acme.example/zoom/scim/v2/Users.`
	if got := SCIMTypeIn(body); got != "invalidValue" {
		t.Errorf("SCIMTypeIn = %q", got)
	}
	if got := SCIMTypeIn("scimType: nonsense"); got != "" {
		t.Errorf("SCIMTypeIn of an unknown type = %q", got)
	}
	if got := URLIn(body); got != "https://scim-legacy.acme.example/zoom/scim/v2/Users" {
		t.Errorf("URLIn = %q", got)
	}
}

func TestParseTimeLayouts(t *testing.T) {
	want := time.Date(2026, 11, 19, 8, 0, 3, 750_000_000, time.UTC)
	for _, s := range []string{"2026-11-19T08:00:03.75Z", "2026-11-19T09:00:03.75+01:00", "2026-11-19 08:00:03.750",
		"11/19/2026, 8:00:03.750 AM", "2026-11-19T08:00:03.7500000"} {
		got, err := ParseTime(s)
		if err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("ParseTime(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseTime("soon"); err == nil {
		t.Error("ParseTime accepted nonsense")
	}
}

// evidenceTexts are error texts as platforms write them, for the benchmarks.
var evidenceTexts = map[string]string{
	"okta": "Automatic provisioning of user user00123@acme.example to app Slack failed: Error while creating user user00123@acme.example: Conflict. Errors reported by remote server: User already exists",
	"entra": `Failed to create User 'user00123@acme.example' in customappsso; Error: StatusCode: BadRequest Message: Processing of the HTTP request resulted in an exception. ` +
		`Web Response: {"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"scimType":"invalidValue","status":"400"}`,
	"url": "The SCIM endpoint https://scim-legacy.acme.example/slack/scim/v2/Users returned HTTP/1.1 404 Not Found.",
}

func BenchmarkEvidence(b *testing.B) {
	for name, text := range evidenceTexts {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _, _ = HTTPStatusIn(text), SCIMTypeIn(text), URLIn(text)
			}
		})
	}
}

// scannerWords are the pieces random texts are made of: what the evidence patterns look for,
// in several cases, and what stands next to it.
var scannerWords = []string{
	"http", "HTTP", "Http", "https", "/", "1", "1.1", "2.", ".0", "status", "Status", "STATUS", " code", "Code", "code",
	"statuscode", ":", " ", "  ", "\t", "\n", "\r", "\v", "\f", "=", "-", `"`, "'", "200", "404", "503", "600", "1000",
	"099", "x", "_", "9", "scimType", "SCIMTYPE", "scimtype", "invalidValue", "uniqueness", "https://", "http://", "a.b",
	"/c?d=e", "Not Found", "not found", "NOT FOUND", "BadRequest", "Bad Request", "Bad Gateway", "Gone", "Gonex",
	"Unauthorized", "Too Many Requests", "Service Unavailable", ".", "(", "]", ",", "|", "<", "é", "\xff",
}

// TestScannersMatchThePatterns holds the scanners to the patterns they stand for, on the
// texts of the evidence tests and on random texts made of the words the patterns look for.
func TestScannersMatchThePatterns(t *testing.T) {
	texts := []string{"", "status", "http/", "HTTP/1.1 404", "http/200", "status:404x", "xstatus 404", "_status 404",
		"statuscode 404", "status code: BadRequest", "status code :x", "StatusCode:Unauthorized", `"scimType" : "tooMany"`,
		`""scimType"=x`, "scimtype:", "see http://", "http://x.", "https://a/b).", "x: \t Not Found!", "x:Gone_", "::Gone"}
	for _, text := range evidenceTexts {
		texts = append(texts, text)
	}
	rng := rand.New(rand.NewPCG(7, 11))
	for range 30000 {
		var b strings.Builder
		for range 1 + rng.IntN(10) {
			b.WriteString(scannerWords[rng.IntN(len(scannerWords))])
		}
		texts = append(texts, b.String())
	}
	for _, text := range texts {
		checkScanners(t, text)
	}
}

// FuzzEvidenceScanners holds the scanners to the patterns on arbitrary text.
func FuzzEvidenceScanners(f *testing.F) {
	for _, text := range evidenceTexts {
		f.Add(text)
	}
	f.Add("HTTP/1.1 404 Not Found, status code: Conflict; \"scimType\": \"uniqueness\" https://x/y.")
	f.Fuzz(checkScanners)
}

func checkScanners(t *testing.T, text string) {
	t.Helper()
	if got, want := scanURL(text), urlRE.FindString(text); got != want {
		t.Errorf("scanURL(%q) = %q, the pattern finds %q", text, got, want)
	}
	if !isASCII(text) {
		return // the patterns themselves read it
	}
	if got, want := httpStatusByScan(text), httpStatusByPatterns(text); got != want {
		t.Errorf("httpStatusByScan(%q) = %d, the patterns find %d", text, got, want)
	}
	check := func(name string, scan func(string) (string, bool), re *regexp.Regexp, lower bool) {
		got, ok := scan(text)
		want, found := "", false
		if m := re.FindStringSubmatch(text); m != nil {
			want, found = m[1], true
			if lower {
				want = strings.ToLower(want)
			}
		}
		if got != want || ok != found {
			t.Errorf("%s(%q) = %q, %v; the pattern finds %q, %v", name, text, got, ok, want, found)
		}
	}
	check("scanStatusNumber", scanStatusNumber, statusNumberRE, false)
	check("scanStatusName", scanStatusName, statusNameRE, false)
	check("scanReasonPhrase", scanReasonPhrase, reasonPhraseRE, true)
	check("scanSCIMType", scanSCIMType, scimTypeRE, false)
}
