package ingest

import "errors"

// OktaSystemLog is a placeholder until its decoder lands.
var OktaSystemLog = Format{
	Name:       "okta-systemlog",
	Platform:   "okta",
	Detect:     func(*Sniff) bool { return false },
	NewDecoder: func([]string) (Decoder, error) { return nil, errors.New("not implemented") },
}
