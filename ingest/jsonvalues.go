package ingest

import "strings"

// Helpers for decoders that read JSON records with fastjson.

// jsonProblem shortens a fastjson error to what is wrong, without the rest of the record.
func jsonProblem(err error) string {
	msg, _, _ := strings.Cut(err.Error(), "; unparsed tail")
	if strings.HasPrefix(msg, "cannot parse JSON: ") {
		msg = msg[strings.LastIndex(msg, ": ")+2:]
	}
	return msg
}
