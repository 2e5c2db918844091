package ingest

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The text layouts of the scim-access format: one request per line, space-separated fields,
// "quoted" and [bracketed] fields counting as one.

// accessLayout is a text layout of access log.
type accessLayout int

const (
	layoutNone     accessLayout = iota
	layoutCombined              // ip ident user [time] "request" status bytes "referer" "user-agent"
	layoutVhost                 // host[:port] ip ident user [time] "request" status bytes "referer" "user-agent"
	layoutALB                   // AWS Application Load Balancer
)

var layoutNames = map[accessLayout]string{
	layoutCombined: "combined", layoutVhost: "vhost_combined", layoutALB: "ALB",
}

// textLayouts is the order layouts are tried in when the file's own does not fit a line.
var textLayouts = []accessLayout{layoutCombined, layoutVhost, layoutALB}

// clfTime is the time layout of combined logs, [02/Jan/2006:15:04:05 -0700].
const clfTime = "02/Jan/2006:15:04:05 -0700"

// albTypes are the first field of ALB entries (the request type).
var albTypes = map[string]bool{"http": true, "https": true, "h2": true, "grpcs": true, "ws": true, "wss": true}

// ALB field positions (FIELDS.md §1).
const (
	albTime        = 1
	albClient      = 3
	albELBStatus   = 8
	albSentBytes   = 11
	albRequest     = 12
	albUserAgent   = 13
	albDomainName  = 18
	albFieldsUntil = albUserAgent + 1 // fields a line needs
)

// detectAccessLines claims a file whose first lines (comments aside) are in a known layout:
// at least one, and at least half of them, so that one malformed line does not hide a log.
func detectAccessLines(lines [][]byte) bool {
	var tokens []logToken
	seen, matched := 0, 0
	for _, line := range lines {
		text := strings.TrimSpace(string(line))
		if text == "" || text[0] == '#' {
			continue
		}
		seen++
		var err error
		if tokens, err = tokenizeLogLine(text, tokens); err != nil {
			continue
		}
		var req accessRequest
		for _, layout := range textLayouts {
			if err := parseLayout(layout, tokens, &req); err == nil || errors.Is(err, errNoRequest) {
				matched++
				break
			}
		}
	}
	return matched > 0 && matched*2 >= seen
}

// decodeLine parses one text line, trying the file's layout first. A line that fits no layout
// is rejected with the problem it has in the layout it looks most like, else in the file's.
func (d *scimAccessDecoder) decodeLine(line string, req *accessRequest) error {
	var err error
	if d.tokens, err = tokenizeLogLine(line, d.tokens); err != nil {
		return err
	}
	var errs [layoutALB + 1]error
	for _, layout := range d.layoutOrder() {
		*req = accessRequest{}
		err := parseLayout(layout, d.tokens, req)
		if err == nil || errors.Is(err, errNoRequest) {
			if d.textLayout == layoutNone {
				d.textLayout = layout
			}
			return err
		}
		errs[layout] = err
	}
	blame := likelyLayout(d.tokens)
	if blame == layoutNone {
		blame = d.textLayout
	}
	if blame == layoutNone {
		return fmt.Errorf("not a combined, vhost_combined or ALB access log line (%d fields)", len(d.tokens))
	}
	return fmt.Errorf("%s line: %w", layoutNames[blame], errs[blame])
}

// layoutOrder is the file's layout, then the others.
func (d *scimAccessDecoder) layoutOrder() []accessLayout {
	if d.textLayout == layoutNone || d.textLayout == textLayouts[0] {
		return textLayouts
	}
	order := []accessLayout{d.textLayout}
	for _, l := range textLayouts {
		if l != d.textLayout {
			order = append(order, l)
		}
	}
	return order
}

// likelyLayout guesses which layout a line that fits none was meant to be in, from its most
// telling field, so that the reject names the right problem.
func likelyLayout(tok []logToken) accessLayout {
	switch {
	case len(tok) > 0 && albTypes[tok[0].text] && !tok[0].quoted:
		return layoutALB
	case len(tok) > 4 && tok[4].bracketed:
		return layoutVhost
	case len(tok) > 3 && tok[3].bracketed:
		return layoutCombined
	}
	return layoutNone
}

func parseLayout(layout accessLayout, tok []logToken, req *accessRequest) error {
	switch layout {
	case layoutCombined:
		return parseCombined(tok, 0, req)
	case layoutVhost:
		if len(tok) > 0 {
			req.host = tok[0].text
		}
		return parseCombined(tok, 1, req)
	case layoutALB:
		return parseALB(tok, req)
	}
	return errors.New("unknown layout")
}

// parseCombined reads ip ident user [time] "request" status bytes ["referer" "user-agent"]
// starting at field o (0 for combined, 1 after a vhost). Referer and user agent may be missing
// (common log format); fields after them (request time, X-Forwarded-For) are ignored.
func parseCombined(tok []logToken, o int, req *accessRequest) error {
	if len(tok) < o+7 {
		return fmt.Errorf("%d fields, want at least %d", len(tok), o+7)
	}
	if !tok[o+3].bracketed {
		return fmt.Errorf("field %d %s is not a [time]", o+4, quoteShort(tok[o+3].text))
	}
	if !tok[o+4].quoted {
		return fmt.Errorf("field %d %s is not a quoted request", o+5, quoteShort(tok[o+4].text))
	}
	t, err := time.Parse(clfTime, tok[o+3].text)
	if err != nil {
		return fmt.Errorf("time: unrecognised time %s", quoteShort(tok[o+3].text))
	}
	req.time = t.UTC()
	req.clientIP = clientAddress(tok[o].text)
	if req.status, err = parseStatus(tok[o+5].text, false); err != nil {
		return err
	}
	if req.bytes, err = parseBytes(tok[o+6].text); err != nil {
		return err
	}
	if len(tok) > o+8 && tok[o+8].quoted {
		req.userAgent = dashEmpty(tok[o+8].text)
	}
	req.method, req.target, err = splitRequestLine(tok[o+4].text)
	return err
}

// parseALB reads an ALB entry: the request field carries the absolute URL (scheme, host and
// port the client called); domain_name (the TLS SNI) stands in when the URL has no host.
func parseALB(tok []logToken, req *accessRequest) error {
	if len(tok) == 0 || !albTypes[tok[0].text] {
		return errors.New("first field is not an ALB request type (http, https, h2, grpcs, ws, wss)")
	}
	if len(tok) < albFieldsUntil {
		return fmt.Errorf("%d fields, want at least %d", len(tok), albFieldsUntil)
	}
	t, err := time.Parse(time.RFC3339Nano, tok[albTime].text)
	if err != nil {
		return fmt.Errorf("time: unrecognised time %s", quoteShort(tok[albTime].text))
	}
	if !tok[albRequest].quoted {
		return fmt.Errorf("field %d %s is not a quoted request", albRequest+1, quoteShort(tok[albRequest].text))
	}
	req.time = t.UTC()
	req.clientIP = clientAddress(tok[albClient].text)
	if req.status, err = parseStatus(tok[albELBStatus].text, true); err != nil {
		return err
	}
	if req.bytes, err = parseBytes(tok[albSentBytes].text); err != nil {
		return err
	}
	req.userAgent = dashEmpty(tok[albUserAgent].text)
	if len(tok) > albDomainName {
		req.host = dashEmpty(tok[albDomainName].text)
	}
	req.method, req.target, err = splitRequestLine(tok[albRequest].text)
	return err
}

// parseStatus reads a three-digit HTTP status; "-" (no response, as ALB logs it) is 0 where
// allowed.
func parseStatus(s string, dashAllowed bool) (int, error) {
	if s == "-" && dashAllowed {
		return 0, nil
	}
	if len(s) == 3 {
		if n, err := strconv.Atoi(s); err == nil && n >= 100 {
			return n, nil
		}
	}
	return 0, fmt.Errorf("status %s is not an HTTP status", quoteShort(s))
}

// parseBytes reads a byte count; "-" (Apache's %b for none) is 0.
func parseBytes(s string) (int64, error) {
	if s == "-" || s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("bytes %s is not a byte count", quoteShort(s))
	}
	return n, nil
}

func dashEmpty(s string) string {
	if s == "-" {
		return ""
	}
	return s
}

// logToken is one field of an access-log line.
type logToken struct {
	text      string
	quoted    bool
	bracketed bool
}

// tokenizeLogLine splits a line into fields at spaces and tabs. A "quoted" or [bracketed]
// field is one field, without its delimiters; escapes in quoted fields (\" \\ and nginx's
// \xHH) are decoded. The result reuses toks.
func tokenizeLogLine(line string, toks []logToken) ([]logToken, error) {
	toks = toks[:0]
	for i := 0; i < len(line); {
		switch c := line[i]; c {
		case ' ', '\t':
			i++
		case '"':
			end, escaped := closingQuote(line, i+1)
			if end < 0 {
				return toks, fmt.Errorf("field %d: the quote opened at column %d is never closed", len(toks)+1, i+1)
			}
			text := line[i+1 : end]
			if escaped {
				text = unescapeLogField(text)
			}
			toks = append(toks, logToken{text: text, quoted: true})
			i = end + 1
		case '[':
			end := strings.IndexByte(line[i:], ']')
			if end < 0 {
				return toks, fmt.Errorf("field %d: the bracket opened at column %d is never closed", len(toks)+1, i+1)
			}
			toks = append(toks, logToken{text: line[i+1 : i+end], bracketed: true})
			i += end + 1
		default:
			end := strings.IndexAny(line[i:], " \t")
			if end < 0 {
				end = len(line) - i
			}
			toks = append(toks, logToken{text: line[i : i+end]})
			i += end
		}
	}
	return toks, nil
}

// closingQuote finds the quote that closes a field opened before from, skipping
// backslash-escaped characters, and reports whether the field holds escapes.
func closingQuote(line string, from int) (end int, escaped bool) {
	for j := from; j < len(line); j++ {
		switch line[j] {
		case '\\':
			escaped = true
			j++
		case '"':
			return j, escaped
		}
	}
	return -1, escaped
}

// unescapeLogField decodes \" \\ and \xHH; other backslashes stay.
func unescapeLogField(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		switch next := s[i+1]; {
		case next == '"' || next == '\\':
			b.WriteByte(next)
			i++
		case next == 'x' && i+3 < len(s):
			if v, err := strconv.ParseUint(s[i+2:i+4], 16, 8); err == nil {
				b.WriteByte(byte(v))
				i += 3
				continue
			}
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
