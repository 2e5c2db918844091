package ingest

import (
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
