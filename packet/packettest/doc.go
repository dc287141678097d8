// Package packettest generates realistic packets for tests, benchmarks and
// demos: Vietnamese names with diacritics, personal IDs that agree with the
// gender and birth date, codes from the code lists, salary coefficients from
// the salary table, work histories in order. The output depends only on the
// seed and the options, so a test can rely on it.
//
//	g := packettest.New(packettest.Options{Seed: 7})
//	p := g.Packet(packet.KindProfiles, 1000) // a HOSO packet with 1,000 profiles
//
// Defects are injected on purpose, each breaking one rule of the catalogue:
//
//	g := packettest.New(packettest.Options{Defects: []packettest.Defect{packettest.DefectSalaryCoefficient}})
//	p := g.Packet(packet.KindProfiles, 10) // record 0 has a wrong HeSoLuong: R-LUONG-002
//
// For packets too big to hold, EachProfile and Header feed a packet.Encoder.
package packettest
