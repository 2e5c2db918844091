// Command scimdrift finds SCIM provisioning left behind after an identity migration.
package main

import "os"

func main() {
	os.Exit(Do(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
