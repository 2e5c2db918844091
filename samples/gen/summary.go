package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// stamped is one record of a generated file with its timestamp, or its parse error.
type stamped struct {
	line int
	at   time.Time
	raw  []byte
	err  error
}

// records splits a generated file into its records and reads each one's time, the way a
// reader of the real export would. Files without times (inventory, jobs) give zero times.
func records(path string, data []byte) []stamped {
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return []stamped{{err: err}}
		}
		if data, err = io.ReadAll(zr); err != nil {
			return []stamped{{err: err}}
		}
	}
	switch {
	case strings.HasSuffix(path, "system-log-page.json"):
		return jsonArray(data, "", "published")
	case strings.HasSuffix(path, "provisioning-graph.json"):
		return jsonArray(data, "value", "activityDateTime")
	case strings.HasSuffix(path, "sync-jobs.json"):
		return jsonArray(data, "value", "")
	case strings.HasSuffix(path, ".csv"):
		var out []stamped
		for i, l := range lines(data)[1:] {
			out = append(out, stamped{line: i + 2, raw: l})
		}
		return out
	}
	var out []stamped
	for i, l := range lines(data) {
		s := stamped{line: i + 1, raw: l}
		switch {
		case strings.HasSuffix(path, "system-log.ndjson"):
			s.at, s.err = jsonTime(l, "published")
		case strings.HasSuffix(path, "diagnostic.ndjson.gz"):
			s.at, s.err = jsonTime(l, "time")
		case strings.HasSuffix(path, ".access.json"):
			s.at, s.err = jsonTime(l, "time")
		case strings.HasSuffix(path, ".access.log"):
			s.at, s.err = nginxTime(l)
		case strings.HasSuffix(path, "alb.log"):
			s.at, s.err = albTime(l)
		}
		out = append(out, s)
	}
	return out
}

func lines(data []byte) [][]byte {
	return bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
}

func jsonArray(data []byte, key, timeKey string) []stamped {
	var elems []json.RawMessage
	if key == "" {
		if err := json.Unmarshal(data, &elems); err != nil {
			return []stamped{{err: err}}
		}
	} else {
		var env map[string]json.RawMessage
		if err := json.Unmarshal(data, &env); err != nil {
			return []stamped{{err: err}}
		}
		if err := json.Unmarshal(env[key], &elems); err != nil {
			return []stamped{{err: err}}
		}
	}
	var out []stamped
	for i, e := range elems {
		s := stamped{line: i + 1, raw: e}
		if timeKey != "" {
			s.at, s.err = jsonTime(e, timeKey)
		}
		out = append(out, s)
	}
	return out
}

func jsonTime(raw []byte, key string) (time.Time, error) {
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return time.Time{}, err
	}
	s, _ := m[key].(string)
	return time.Parse(time.RFC3339Nano, s)
}

func nginxTime(l []byte) (time.Time, error) {
	i, j := bytes.IndexByte(l, '['), bytes.IndexByte(l, ']')
	if i < 0 || j < i || !bytes.HasSuffix(l, []byte(`"`)) {
		return time.Time{}, fmt.Errorf("not a combined log line")
	}
	return time.Parse("02/Jan/2006:15:04:05 -0700", string(l[i+1:j]))
}

func albTime(l []byte) (time.Time, error) {
	f := strings.Fields(string(l))
	if len(f) < 2 {
		return time.Time{}, fmt.Errorf("not an ALB line")
	}
	return time.Parse(time.RFC3339Nano, f[1])
}

// summarize prints the table of samples/README.md: records, broken records, time span and the
// records that are no provisioning push (sign-ins, app configuration changes, requests outside
// any SCIM base) of every generated export.
func summarize(files []file) string {
	var b strings.Builder
	b.WriteString("| file | records | broken | first record | last record | records that are no provisioning push |\n")
	b.WriteString("|---|---:|---:|---|---|---|\n")
	for _, f := range files {
		if !strings.HasPrefix(f.path, "exports/") {
			continue
		}
		recs := records(f.path, f.data)
		broken := 0
		var first, last time.Time
		other := map[string]int{}
		for _, r := range recs {
			switch {
			case r.err != nil:
				broken++
				continue
			case r.at.IsZero():
			case first.IsZero():
				first, last = r.at, r.at
			default:
				last = r.at
			}
			if kind := notEvidence(f.path, r.raw); kind != "" {
				other[kind]++
			}
		}
		span := func(t time.Time) string {
			if t.IsZero() {
				return "–"
			}
			return t.UTC().Format("2006-01-02 15:04")
		}
		fmt.Fprintf(&b, "| %s | %d | %d | %s | %s | %s |\n", strings.TrimPrefix(f.path, "exports/"), len(recs), broken,
			span(first), span(last), countList(other))
	}
	return b.String()
}

// notEvidence names the kind of a record that is no provisioning push: an Okta event type
// outside application.provision.*, or the path of a request outside any SCIM base.
func notEvidence(path string, raw []byte) string {
	switch {
	case strings.Contains(path, "/okta/"):
		var e struct {
			EventType string `json:"eventType"`
		}
		if json.Unmarshal(raw, &e) == nil && !strings.HasPrefix(e.EventType, "application.provision.") {
			return e.EventType
		}
	case strings.Contains(path, "/access/"):
		i := bytes.Index(raw, []byte(" /"))
		if bytes.Contains(raw, []byte(`"uri":"`)) {
			i = bytes.Index(raw, []byte(`"uri":"`)) + len(`"uri":"`) - 1
		} else if j := bytes.Index(raw, []byte(":443/")); j >= 0 {
			i = j + 3
		}
		target := raw[i+1:]
		if k := bytes.IndexAny(target, ` "?`); k >= 0 {
			target = target[:k]
		}
		if !bytes.Contains(target, []byte("/scim/v2/")) {
			return string(target)
		}
	}
	return ""
}

func countList(m map[string]int) string {
	if len(m) == 0 {
		return "–"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}
