package ingest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/valyala/fastjson"
)

// TestFieldPrefersExactThenFirstKey compares field with a search that states its rule: an exact
// name of the first key present wins; failing that, the first member matching the first key
// that any member matches in any case; a null member counts as found and gives nil.
func TestFieldPrefersExactThenFirstKey(t *testing.T) {
	names := []string{"id", "Id", "ID", "name", "Name", "NAME", "status", "Status", "other"}
	values := []string{`"a"`, `"b"`, `null`, `1`, `{}`}
	rng := rand.New(rand.NewPCG(7, 11))
	var p fastjson.Parser
	for range 5000 {
		var members []string
		for range rng.IntN(6) {
			members = append(members, fmt.Sprintf("%q:%s", names[rng.IntN(len(names))], values[rng.IntN(len(values))]))
		}
		doc := "{" + strings.Join(members, ",") + "}"
		v, err := p.Parse(doc)
		if err != nil {
			t.Fatal(err)
		}
		keys := []string{[]string{"id", "Id", "name"}[rng.IntN(3)], []string{"Name", "status", "ID"}[rng.IntN(3)]}
		if rng.IntN(2) == 0 {
			keys = keys[:1]
		}
		got, want := field(v, keys...), fieldByRule(v, keys)
		if got != want {
			t.Fatalf("field(%s, %q) = %v, want %v", doc, keys, got, want)
		}
	}
	many := make([]string, maxFoldKeys+2)
	for i := range many {
		many[i] = fmt.Sprintf("k%d", i)
	}
	v, _ := p.Parse(`{"K9":"x","k8":null}`)
	if got := field(v, many...); got != nil {
		t.Errorf("with %d keys: %v, want the null of k8 (exact name) to give nil", len(many), got)
	}
	v, _ = p.Parse(`{"K9":"x"}`)
	if got := field(v, many...); got == nil || string(got.GetStringBytes()) != "x" {
		t.Errorf("with %d keys: %v, want K9's value", len(many), got)
	}
}

func fieldByRule(v *fastjson.Value, keys []string) *fastjson.Value {
	o, _ := v.Object()
	for _, k := range keys {
		if m := o.Get(k); m != nil {
			return nonNull(m)
		}
	}
	for _, k := range keys {
		var found *fastjson.Value
		o.Visit(func(name []byte, m *fastjson.Value) {
			if found == nil && strings.EqualFold(string(name), k) {
				found = m
			}
		})
		if found != nil {
			return nonNull(found)
		}
	}
	return nil
}
