// Package compiled checks packets against the embedded JSON Schemas with
// Go code generated from them: the same violations as the jsonschema
// package gives (keyword, instance and schema locations, kind and values),
// without walking a compiled schema, without big.Rat for every number and
// without regular expressions. The generator (gen) writes one file per
// format version; TestGenerated fails when they are stale.
//
// Use:
//
//	set := compiled.Version(2)
//	for _, v := range set.Profile(record) { … } // schema.Violation, as schema.Violations gives
package compiled

//go:generate go run ./gen
