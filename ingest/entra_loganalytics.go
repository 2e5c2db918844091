package ingest

import (
	"bytes"
	"encoding/csv"
	"strings"
)

// The Log Analytics AADProvisioningLogs export: PascalCase columns, object columns as JSON text,
// and its CSV form, read as the same JSON object.

// looksLikeEntraCSVHeader recognises the Log Analytics AADProvisioningLogs CSV export.
func looksLikeEntraCSVHeader(line []byte) bool {
	header, err := csv.NewReader(bytes.NewReader(line)).Read()
	if err != nil {
		return false
	}
	have := map[string]bool{}
	for _, h := range header {
		have[strings.ToLower(laColumn(h))] = true
	}
	return have["jobid"] && (have["provisioningaction"] || have["action"])
}

// laColumn is a Log Analytics column name without the unit the portal appends on export
// ("TimeGenerated [UTC]").
func laColumn(h string) string {
	h = strings.TrimSpace(h)
	if i := strings.IndexByte(h, '['); i > 0 && strings.HasSuffix(h, "]") {
		h = strings.TrimSpace(h[:i])
	}
	return h
}

// laSignature drops the placeholder Azure Monitor writes for "no error code".
func laSignature(s string) string {
	if strings.EqualFold(s, "None") {
		return ""
	}
	return s
}

// rowAsJSON writes a CSV row as the JSON object of the Log Analytics JSON export: one string
// member per non-empty column.
func (d *entraDecoder) rowAsJSON(fields []string) []byte {
	buf := append(d.row[:0], '{')
	for i, name := range d.header {
		if i >= len(fields) {
			break
		}
		value := strings.TrimSpace(fields[i])
		if value == "" {
			continue
		}
		if len(buf) > 1 {
			buf = append(buf, ',')
		}
		buf = appendJSONString(buf, name)
		buf = append(buf, ':')
		buf = appendJSONString(buf, value)
	}
	return append(buf, '}')
}
