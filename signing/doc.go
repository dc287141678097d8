// Package signing signs and verifies packets (03-signing.md): a JSON packet
// carries a detached CMS SignedData over its canonical form in ChuKySo, an
// XML packet an enveloped XML-DSig signature.
//
// An agency signs what it sends:
//
//	s, err := signing.NewSigner(key, chain) // key: any crypto.Signer; chain: its certificate, then intermediates
//	if err != nil {
//		return err
//	}
//	signed, err := s.Sign(ctx, packetJSON)
//
// and a receiver verifies before it trusts a single field:
//
//	v := &signing.Verifier{Policy: signing.Policy{Roots: roots}} // the caller's trust store
//	got, err := v.Verify(ctx, signed)
//	switch {
//	case errors.Is(err, signing.ErrDigestMismatch):
//		// the packet changed after it was signed
//	case errors.Is(err, signing.ErrSignerNotSender):
//		// a good signature by someone other than MaDonViGui
//	case err != nil:
//		return err
//	}
//	use(got.Packet) // decoded from got.Canonical, the bytes that were verified
//
// # The signed bytes
//
// The signature covers the packet without its ChuKySo member, canonicalised
// by RFC 8785 (JCS; see Canonical), so whitespace, key order and number
// spelling may change in transit; any change of a value is a digest mismatch.
// Sign returns that canonical form with ChuKySo added as its last member:
// the input's layout is not kept, and what is sent is exactly what was
// signed. ChuKySo is {"DinhDang":"CMS","GiaTri":"<base64 DER>"}: a detached
// SignedData, SHA-256, one signer, signed attributes content-type (id-data),
// message-digest and signing-time, the signer's certificate and intermediates
// in certificates. `openssl cms -verify -binary -inform DER -content
// canonical.bin` accepts it, and Verify accepts what `openssl cms -sign
// -binary -md sha256` makes over the canonical bytes.
//
// # What Verify checks
//
// The structure of the SignedData (one signer, detached, content type id-data,
// at most 1 MiB), the algorithms (SHA-256/384/512 with RSA PKCS #1 v1.5 of at
// least Policy.MinRSABits or ECDSA of at least 256 bits; SHA-1, MD5 and short
// keys are ErrWeakAlgorithm), the message digest, the signer's chain to
// Policy.Roots — never the system's roots — at Policy.Now, the key usage
// digitalSignature or nonRepudiation, the signature value, and that the
// signer is the sender (Policy.MatchSigner, by default MatchAgencyCode: an
// agency code in the certificate's subject UID, OU or serialNumber or in a
// SAN URI urn:vn:gov:madinhdanh:<code> equals MaDonViGui).
//
// The chain is checked at the verifier's clock, not at the signing-time
// attribute, which only the signer asserts; that attribute must fall within
// the signer's validity and is returned as Verified.SignedAt.
//
// # XML packets: enveloped XML-DSig
//
// Sign and Verify take an XML packet (input starting with '<') as well
// (03-signing.md §3.3). Sign returns the XML declaration and the Exclusive
// XML Canonicalization (exc-c14n without comments; see Canonical) of the
// packet, with one ds:Signature added as the last child of the root GoiTin:
// one Reference URI="", transforms enveloped-signature then exc-c14n, digest
// SHA-256, CanonicalizationMethod exc-c14n, SignatureMethod rsa-sha256 or
// ecdsa-sha256 (r||s, not DER), and KeyInfo/X509Data with the signer's
// certificate then its intermediates. `xmlsec1 --verify` accepts it, and
// Verify accepts what `xmlsec1 --sign` makes from the same template.
//
// Verify takes that profile and nothing else. It refuses as ErrWrapping a
// second ds:Signature anywhere, a ds:Signature that is not the root's last
// child, a second GoiTin, an XML-DSig element outside the signature, a
// Reference other than the one URI="", other or more transforms, inclusive
// or commented canonicalisation, InclusiveNamespaces, a ds:Object, and a
// DOCTYPE; other malformation (a processing instruction, an attribute in
// the packet, an unbound prefix, a bad base64 value) is ErrMalformed, and a
// signature or digest method outside the allow-list (rsa-/ecdsa-sha256,
// -384, -512; digest SHA-256) is ErrWeakAlgorithm. The chain, key usage,
// key size and signer-is-sender checks are the JSON ones. The packet
// returned is decoded from the canonical bytes that were digested
// (Verified.Canonical), never from the input's tree: comments, which
// exc-c14n drops, cannot hide part of a value. Verified.Packet.Signature is
// {Format: "XMLDSIG", Value: the base64 SignatureValue}, and SignedAt is
// zero (XML-DSig has no signing time). Rule maps a verification error to
// its rule (R-SIG-001 to R-SIG-005).
//
// # Not yet supported
//
// RSASSA-PSS and the TT15 profile, RFC 3161 time-stamps (and so verifying
// at a vouched-for signing time), revocation (OCSP, CRL), clock-skew
// tolerance and loading PKCS #12 files. The package signingtest makes a
// test PKI.
package signing
