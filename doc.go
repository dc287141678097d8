// Package cbccvc is the root of cbccvc-go, the Go SDK for Decision 356/QĐ-BNV (17 May 2023) of the
// Ministry of Home Affairs: the identifiers and data packets that agency HR
// systems exchange, through NDXP, with the National Database on cadres, civil
// servants and public employees (CSDLQG về CBCCVC).
//
// Its packages, each usable alone, depend on each other in one direction:
//
//		codelist   <- identifier <- packet <- signing <- ndxp
//
//	  - codelist: the code lists (danh mục) — genders, ethnic groups in both
//	    code systems, religions, provinces before and after 1 July 2025, ranks,
//	    the salary table — as embedded, versioned data that callers can override.
//	  - identifier: agency codes, personal identification numbers, national
//	    profile IDs, social-insurance numbers and NDXP addresses: parse,
//	    validate, explain, generate.
//	  - packet: the packet model, its JSON and XML codecs, schema and semantic
//	    validation with stable rule codes, and streaming for large packets.
//	  - signing: CMS signatures for JSON packets and XML-DSig for XML packets,
//	    and their verification against a trust policy.
//	  - ndxp: the client for the national services, and a sandbox server that
//	    behaves like them, for tests.
//
// The command cbccvc (cmd/cbccvc) exposes them on the command line, and
// examples/ holds runnable programs, starting with examples/quickstart.
package cbccvc
