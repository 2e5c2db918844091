package analyze

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/scimdrift/scimdrift/queries"
)

// Settings are the thresholds of the analyses.
type Settings struct {
	CorrelationBefore time.Duration // an access request may precede its IdP event by this much
	CorrelationAfter  time.Duration // … or follow it by this much
	FailingShare      float64       // failure share above which provisioning_failing fires
	FailingMinEvents  int           // … given at least this many events (also scope_drift's minimum)
	ScopeJump         float64       // rise of the skipped share after cutover that is scope drift
	RetentionDays     int           // the exports should start this many days before cutover
}

// DefaultSettings are the thresholds audit and analyze use.
var DefaultSettings = Settings{
	CorrelationBefore: 30 * time.Second,
	CorrelationAfter:  2 * time.Minute,
	FailingShare:      0.2,
	FailingMinEvents:  5,
	ScopeJump:         0.3,
	RetentionDays:     7,
}

// Kinds are the finding kinds analyze looks for, in the order their queries run (each is the
// query queries/finding_<kind>.sql). sso_without_provisioning waits for sign-in ingest.
var Kinds = []string{
	"stale_endpoint", "retired_token", "old_connector_active", "split_writers", "old_endpoint_traffic",
	"deprovision_to_old", "lifecycle_gap", "provisioning_failing", "scope_drift", "unmapped_endpoint",
	"retention_gap",
}

// Run analyses a store: it loads the map (nil: none) into the store, classifies failures,
// resolves connectors to apps and endpoints, stores the findings and the per-app verdicts.
func Run(ctx context.Context, db *sql.DB, m *Map, s Settings) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := loadMap(ctx, conn, m, s); err != nil {
		return fmt.Errorf("loading the map into the store: %w", err)
	}
	for _, step := range []string{"classify_failures", "connector_apps", "connector_endpoints"} {
		if err := exec(ctx, conn, step); err != nil {
			return err
		}
	}
	if err := exec(ctx, conn, "endpoint_apps"); err != nil {
		return err
	}
	if err := storeFindings(ctx, conn); err != nil {
		return err
	}
	return exec(ctx, conn, "app_verdicts")
}

func exec(ctx context.Context, conn *sql.Conn, name string) error {
	q, err := queries.Get(name)
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, q.SQL); err != nil {
		return fmt.Errorf("analysis %s: %w", name, err)
	}
	return nil
}

// storeFindings runs every finding query and stores its rows with their stable ids.
func storeFindings(ctx context.Context, conn *sql.Conn) error {
	if _, err := conn.ExecContext(ctx, "DELETE FROM findings"); err != nil {
		return err
	}
	for _, kind := range Kinds {
		q, err := queries.Get("finding_" + kind)
		if err != nil {
			return err
		}
		rows, err := conn.QueryContext(ctx, q.SQL)
		if err != nil {
			return fmt.Errorf("finding %s: %w", kind, err)
		}
		found, err := scanFindings(rows)
		if err != nil {
			return fmt.Errorf("finding %s: %w", kind, err)
		}
		for _, f := range found {
			if _, err := conn.ExecContext(ctx, `INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				FindingID(f.kind, f.app.String, f.connector.String, f.endpoint.String), f.kind, f.severity, f.app, f.platform,
				f.tenant, f.connector, f.endpoint, f.count, f.firstSeen, f.lastSeen, f.evidence); err != nil {
				return fmt.Errorf("storing finding %s: %w", kind, err)
			}
		}
	}
	return nil
}

// foundRow is one row of a finding query: every finding query selects these columns in order.
type foundRow struct {
	kind, severity                   string
	app, platform, tenant, connector sql.NullString
	endpoint                         sql.NullString
	count                            int64
	firstSeen, lastSeen              sql.NullTime
	evidence                         string
}

func scanFindings(rows *sql.Rows) ([]foundRow, error) {
	defer rows.Close()
	var out []foundRow
	for rows.Next() {
		var f foundRow
		if err := rows.Scan(&f.kind, &f.severity, &f.app, &f.platform, &f.tenant, &f.connector, &f.endpoint,
			&f.count, &f.firstSeen, &f.lastSeen, &f.evidence); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// FindingID is a finding's stable id (DESIGN.md): the first 16 hex digits of SHA-256 of its kind,
// app, connector and endpoint, so that nightly reports can be compared.
func FindingID(kind, app, connector, endpoint string) string {
	sum := sha256.Sum256([]byte(strings.Join([]string{kind, app, connector, endpoint}, "|")))
	return hex.EncodeToString(sum[:8])
}
