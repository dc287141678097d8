package signingtest

// XMLSec1Template returns the profile's enveloped ds:Signature with empty
// values, which xmlsec1 --sign fills in, signed with the XML-DSig
// signature method URI method; laid out with white space as a person would
// write it, which exclusive C14N keeps inside SignedInfo.
func XMLSec1Template(method string) string {
	return `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
    <ds:SignedInfo>
      <ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
      <ds:SignatureMethod Algorithm="` + method + `"/>
      <ds:Reference URI="">
        <ds:Transforms>
          <ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
          <ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
        </ds:Transforms>
        <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
        <ds:DigestValue/>
      </ds:Reference>
    </ds:SignedInfo>
    <ds:SignatureValue/>
    <ds:KeyInfo>
      <ds:X509Data/>
    </ds:KeyInfo>
  </ds:Signature>`
}
