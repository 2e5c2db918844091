package ingest

import (
	"strings"

	"github.com/valyala/fastjson"
)

// Entra provisioning steps: which step failed, and what the import step says of the user.

// entraStep is one provisioning step, its enums normalised.
type entraStep struct {
	name, kind, status, description string
	details                         *fastjson.Value
}

// readSteps reads provisioningSteps into the decoder's reused slice.
func (d *entraDecoder) readSteps(obj *fastjson.Value) []entraStep {
	d.steps = d.steps[:0]
	list := d.array(obj, "provisioningSteps")
	for _, s := range list {
		if s.Type() != fastjson.TypeObject {
			continue
		}
		d.steps = append(d.steps, entraStep{
			name:        jsonText(field(s, "name")),
			kind:        stepType(field(s, "provisioningStepType")),
			status:      entraResult(field(s, "status")),
			description: jsonText(field(s, "description")),
			details:     field(s, "details"),
		})
	}
	return d.steps
}

func stepType(v *fastjson.Value) string {
	if v != nil && v.Type() == fastjson.TypeNumber {
		if n, err := v.Int(); err == nil && n >= 0 && n < len(entraStepTypes) {
			return entraStepTypes[n]
		}
		return ""
	}
	return strings.ToLower(jsonText(v))
}

// flaggedStep is the step that failed, else the one that warned, else the one that skipped.
func flaggedStep(steps []entraStep) *entraStep {
	for _, want := range []string{ResultFailure, ResultWarning, ResultSkipped} {
		for i := range steps {
			if steps[i].status == want {
				return &steps[i]
			}
		}
	}
	return nil
}

// importedUPN is the userPrincipalName an import step read from the source directory.
func importedUPN(steps []entraStep) string {
	for _, s := range steps {
		if s.kind == "import" || strings.HasPrefix(s.name, "EntryImport") {
			if upn := jsonText(field(s.details, "userPrincipalName")); upn != "" {
				return upn
			}
		}
	}
	return ""
}

func reportableIdentifier(steps []entraStep) string {
	for _, s := range steps {
		if id := jsonText(field(s.details, "ReportableIdentifier")); id != "" {
			return id
		}
	}
	return ""
}

// mentionsMembers reports whether a group change touched its members: a modified property or
// a step detail or description naming them.
func mentionsMembers(p entraParts) bool {
	for _, m := range p.modified {
		if containsFold(refName(m), "member") {
			return true
		}
	}
	for _, s := range p.steps {
		if containsFold(s.description, "member") || hasKeyContaining(s.details, "member") {
			return true
		}
	}
	return false
}

func hasKeyContaining(v *fastjson.Value, sub string) bool {
	if v == nil || v.Type() != fastjson.TypeObject {
		return false
	}
	o, _ := v.Object()
	found := false
	o.Visit(func(k []byte, _ *fastjson.Value) { found = found || containsFold(string(k), sub) })
	return found
}
