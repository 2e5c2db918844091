// Package analyze turns stored evidence into findings and per-application verdicts, driven by
// the migration map.
package analyze
