// Package cbccvc is the root of cbccvc-go, the Go SDK for Decision 356/QĐ-BNV (17 May 2023) of the
// Ministry of Home Affairs and Decree 27/2026/NĐ-CP (in force since 1 July 2026): the identifiers and
// data packets that agency HR systems exchange, through NDXP, with the National Database on cadres,
// civil servants and public employees (CSDLQG về CBCCVC). Packets are written in format 2.0, in which
// the personal ID is the profile identifier, as the decree requires; format 1.0 is still read.
//
// Its packages, each usable alone, depend on each other in one direction:
//
//		codelist   <- identifier <- packet <- signing <- ndxp
//		calendar   <- packet
//
//	  - codelist: the code lists (danh mục) — genders, ethnic groups in both
//	    code systems, religions, provinces before and after 1 July 2025, ranks,
//	    the salary tables — as embedded, versioned data that callers can override.
//	  - calendar: the working days of the state sector, for the
//	    three-working-day deadline of a change event.
//	  - identifier: agency codes, personal identification numbers,
//	    social-insurance numbers, NDXP addresses, and the national profile
//	    IDs of format 1.0: parse, validate, explain, generate.
//	  - packet: the packet model in format 2.0 (and 1.0), its JSON and XML
//	    codecs, schema and semantic validation with stable rule codes, and
//	    streaming for large packets.
//	  - signing: CMS signatures for JSON packets and XML-DSig for XML packets,
//	    and their verification against a trust policy.
//	  - ndxp: the client for the national services, and a sandbox server that
//	    behaves like them, for tests.
//
// The command cbccvc (cmd/cbccvc) exposes them on the command line, and
// examples/ holds runnable programs, starting with examples/quickstart.
package cbccvc
