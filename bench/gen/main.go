// Command gen writes large, realistic provisioning exports for benchmarks: N events of one
// platform's shape, a share of them failures and a few malformed records (see bench/shapes).
//
//	go run ./bench/gen -shape okta-ndjson -n 1000000 -out /tmp/okta.ndjson
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/scimdrift/scimdrift/bench/shapes"
)

func main() {
	shape := flag.String("shape", "okta-ndjson", "okta-ndjson or entra-diagnostic")
	n := flag.Int("n", 100000, "events to write")
	failShare := flag.Float64("fail", 0.1, "share of failures")
	malformed := flag.Int("malformed", 5, "malformed records to plant")
	out := flag.String("out", "", "output file (default stdout)")
	flag.Parse()
	w := os.Stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(2)
		}
		defer f.Close()
		w = f
	}
	if err := shapes.Write(w, *shape, *n, *failShare, *malformed); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(2)
	}
}
