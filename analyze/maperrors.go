package analyze

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/scimdrift/scimdrift/internal/secret"
)

// mapSource finds the line where a key or value of a migration map is written, for error
// messages: the TOML decoder keeps no positions of the keys it decoded, and none per [[apps]] entry.
type mapSource struct {
	lines    []string
	sections []section // in file order; the root first
}

// section is the root of the file or one [table] / [[table]] and the lines under it.
type section struct {
	table       string // "" for the root
	index       int    // n for the n-th [[table]], -1 otherwise
	header      int    // line of the header (1-based), 0 for the root
	first, last int    // the lines under the header, 1-based, inclusive
}

var headerRE = regexp.MustCompile(`^\s*(\[\[?)\s*([A-Za-z0-9_.-]+)\s*\]\]?\s*(?:#.*)?$`)

func newMapSource(text string) *mapSource {
	s := &mapSource{lines: strings.Split(text, "\n")}
	s.sections = []section{{index: -1, first: 1}}
	count := map[string]int{}
	for i, line := range s.lines {
		m := headerRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		s.sections[len(s.sections)-1].last = i
		sec := section{table: m[2], index: -1, header: i + 1, first: i + 2}
		if m[1] == "[[" {
			sec.index = count[m[2]]
			count[m[2]]++
		}
		s.sections = append(s.sections, sec)
	}
	s.sections[len(s.sections)-1].last = len(s.lines)
	return s
}

// find returns the section of a table (and [[table]] entry), or nil.
func (s *mapSource) find(table string, index int) *section {
	for i := range s.sections {
		if sec := &s.sections[i]; sec.table == table && sec.index == index {
			return sec
		}
	}
	return nil
}

// keyLine returns the line assigning key in a table ("" for the root), 0 when it cannot tell.
func (s *mapSource) keyLine(table string, index int, key string) int {
	if sec := s.find(table, index); sec != nil {
		if n := s.assignment(sec, key); n > 0 {
			return n
		}
	}
	if table == "" {
		return 0
	}
	// Dotted keys (old.endpoints = […]) and inline tables (old = {…}) are written in the root.
	root := &s.sections[0]
	if n := s.assignment(root, table+"."+key); n > 0 {
		return n
	}
	return s.tableLine(table, index)
}

// tableLine returns the line of a table's header, or of its inline definition, 0 when absent.
func (s *mapSource) tableLine(table string, index int) int {
	if sec := s.find(table, index); sec != nil {
		return sec.header
	}
	return s.assignment(&s.sections[0], table)
}

// valueLine returns the line where one string of an array value is written: the first line from
// the key's on that holds the string quoted, else the key's line.
func (s *mapSource) valueLine(table string, index int, key, value string) int {
	n := s.keyLine(table, index, key)
	if n == 0 || value == "" {
		return n
	}
	for i := n; i <= len(s.lines); i++ {
		line := s.lines[i-1]
		if i > n && (headerRE.MatchString(line) || assignsAnyKey(line)) {
			break
		}
		if strings.Contains(line, `"`+value+`"`) || strings.Contains(line, `'`+value+`'`) {
			return i
		}
	}
	return n
}

// assignment returns the first line of a section that assigns key, 0 when none does.
func (s *mapSource) assignment(sec *section, key string) int {
	for i := sec.first; i <= sec.last && i <= len(s.lines); i++ {
		if assigns(s.lines[i-1], key) {
			return i
		}
	}
	return 0
}

// assigns reports whether a line is `key = …` (the key bare or quoted).
func assigns(line, key string) bool {
	rest := strings.TrimLeft(line, " \t")
	for _, q := range []string{"", `"`, "'"} {
		if after, ok := strings.CutPrefix(rest, q+key+q); ok && strings.HasPrefix(strings.TrimLeft(after, " \t"), "=") {
			return true
		}
	}
	return false
}

var anyKeyRE = regexp.MustCompile(`^\s*[A-Za-z0-9_."'-]+\s*=`)

func assignsAnyKey(line string) bool { return anyKeyRE.MatchString(line) }

// unknownKeyLines returns the line of every key the decoder did not use, with its path as the
// messages name it (apps[1].nmae), outermost keys only: an unknown table's own keys are not listed.
func (s *mapSource) unknownKeyLines(keys []toml.Key) []located {
	var out []located
	var reported []toml.Key
	seen := map[string]int{} // occurrences of a key path so far, to tell [[apps]] entries apart
next:
	for _, k := range keys {
		for _, r := range reported {
			if len(k) > len(r) && r.String() == toml.Key(k[:len(r)]).String() {
				continue next
			}
		}
		reported = append(reported, k)
		nth := seen[k.String()]
		seen[k.String()]++
		out = append(out, s.locateKey(k, nth))
	}
	return out
}

// located is a key path, the table it is in ("" for the root) and the line it is written on.
type located struct {
	path, table string
	line        int
}

func (s *mapSource) locateKey(k toml.Key, nth int) located {
	if len(k) == 1 {
		if n := s.tableLine(k[0], -1); n > 0 {
			return located{k[0], "", n}
		}
		if sec := s.find(k[0], 0); sec != nil {
			return located{k[0], "", sec.header}
		}
		return located{k[0], "", 0}
	}
	table, key := k[0], strings.Join(k[1:], ".")
	if sec := s.find(table, -1); sec != nil || s.find(table, 0) == nil {
		return located{table + "." + key, table, s.keyLine(table, -1, key)}
	}
	for i := 0; ; i++ {
		sec := s.find(table, i)
		if sec == nil {
			return located{table + "." + key, table, 0}
		}
		if n := s.assignment(sec, k[1]); n > 0 {
			if nth == 0 {
				return located{table + "[" + strconv.Itoa(i) + "]." + key, table, n}
			}
			nth--
		}
	}
}

// quote quotes a value for an error message; a value that looks like a raw token is never repeated.
func quote(v string) string {
	if secret.LooksLikeToken(v) {
		return "(a value that looks like a token, not repeated here)"
	}
	return strconv.Quote(v)
}

var quotedRE = regexp.MustCompile(`"[^"]*"|'[^']*'`)

// redactQuoted hides the quoted fragments of a decoder message that look like tokens.
func redactQuoted(msg string) string {
	return quotedRE.ReplaceAllStringFunc(msg, func(q string) string {
		if secret.LooksLikeToken(q[1 : len(q)-1]) {
			return `"…"`
		}
		return q
	})
}

// decodeError turns the decoder's error into "name:line: message".
func decodeError(name string, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d: %s", name, pe.Position.Line, redactQuoted(pe.Message))
	}
	// A table where a value belongs or the reverse: "toml: line 3 (last key "old"): …".
	if m := typeErrorRE.FindStringSubmatch(err.Error()); m != nil {
		if want, ok := tableShapes[m[2]]; ok {
			return fmt.Errorf("%s:%s: %s: want %s", name, m[1], m[2], want)
		}
		return fmt.Errorf("%s:%s: %s: %s", name, m[1], m[2], redactQuoted(m[3]))
	}
	return fmt.Errorf("%s: %s", name, redactQuoted(strings.TrimPrefix(err.Error(), "toml: ")))
}

var typeErrorRE = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): (.*)$`)

var tableShapes = map[string]string{
	"old":  "a table: [old] with platforms, tenants, endpoints, token_fingerprints",
	"new":  "a table: [new] with platforms, tenants, endpoints, token_fingerprints",
	"apps": "tables: one [[apps]] per application",
}

// problems collects what is wrong with a map and reports it in file order.
type problems struct {
	name string
	list []problem
}

type problem struct {
	line int
	msg  string
}

func (ps *problems) add(line int, msg string) { ps.list = append(ps.list, problem{line, msg}) }

// maxProblems is how many problems an error lists before it counts the rest (as gofmt does).
const maxProblems = 10

func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	sort.SliceStable(ps.list, func(i, j int) bool { return ps.list[i].line < ps.list[j].line })
	var lines []string
	for i, pr := range ps.list {
		if i == maxProblems {
			lines = append(lines, fmt.Sprintf("%s: and %d more problems", ps.name, len(ps.list)-maxProblems))
			break
		}
		if pr.line > 0 {
			lines = append(lines, fmt.Sprintf("%s:%d: %s", ps.name, pr.line, pr.msg))
		} else {
			lines = append(lines, fmt.Sprintf("%s: %s", ps.name, pr.msg))
		}
	}
	return errors.New(strings.Join(lines, "\n"))
}
