"""What PDF/A-2u adds to a handout's PDF, and the XMP metadata that names its standards.

A health record keeps a document for years and exchanges it as PDF/A (IHE XDS-SD). PDF/A-2u asks,
beyond what a tagged handout has already:

- an output intent that says what the colours mean: sRGB, the space our DeviceRGB colours and
  images are in (figures are converted to sRGB when they are read);
- XMP that identifies the part and level (``pdfaid:part 2``, ``pdfaid:conformance U``), repeats
  the document information dictionary, and declares every property outside the predefined
  schemas, ``pdfuaid:part`` among them, in an extension schema;
- every annotation printable (flag 4), with no ToUnicode entry mapping to U+0000 (``pdfua``
  drops those), every stream's data followed by an end-of-line before ``endstream`` (``compact``).

The sRGB profile is the one Little CMS makes (through Pillow, which ReportLab already needs), with
its header set to ICC version 4.2, the version PDF/A-2 names, and a fixed date, so that a rebuild
gives the same bytes.
"""

from __future__ import annotations

from functools import cache
from html import escape
from typing import Any

from msgspec import Struct
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString, PDFZCompress

from .compact import END_STREAM
from .golinks import GoTo

Doc = Any  # ReportLab's PDFDocument; its stubs lack Catalog, info and Reference

SRGB = "sRGB IEC61966-2.1"  # the registered name of the output condition
PRINT = 4  # the annotation flag PDF/A asks of every annotation


class Conformance(Struct, frozen=True):
    """The standards a PDF claims: PDF/UA-1 (tagged) and PDF/A-2u."""

    pdf_ua: bool = True
    pdf_a: bool = True

    @property
    def has_xmp(self) -> bool:
        return self.pdf_ua or self.pdf_a


def finish_metadata(doc: Doc, conformance: Conformance, *, title: str, language: str) -> None:
    """Give ``doc`` the XMP of its standards and, for PDF/A, the sRGB output intent."""
    if not conformance.has_xmp:
        return
    doc.Catalog.Metadata = PlainStream(
        PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
        xmp_packet(_Described.of(doc, title, language), conformance),
    )
    if conformance.pdf_a:
        doc.Catalog.OutputIntents = PDFArray([doc.Reference(_output_intent(doc))])
        doc.Catalog.__NoDefault__ = [*doc.Catalog.__NoDefault__, "OutputIntents"]


def printable(annotation: Any) -> None:
    """Set an annotation's print flag (ReportLab's links have none), keeping its other flags."""
    if isinstance(annotation, GoTo):
        annotation.flags |= PRINT
    elif isinstance(annotation, PDFDictionary):  # a URI link or a form widget
        annotation["F"] = int(annotation.dict.get("F", 0)) | PRINT
    else:  # a LinkAnnotation, which keeps the keys it adds in otherkw ('F' is one it permits)
        annotation.otherkw["F"] = int(annotation.otherkw.get("F", 0)) | PRINT


class _Described(Struct, frozen=True):
    """The document information dictionary's values, which the XMP must repeat exactly."""

    title: str
    language: str
    author: str
    subject: str
    keywords: str
    creator: str
    producer: str
    date: str  # ISO 8601, as XMP writes dates

    @classmethod
    def of(cls, doc: Doc, title: str, language: str) -> _Described:
        info, stamp = doc.info, doc._timeStamp
        year, month, day, hour, minute, second = stamp.YMDhms
        sign = "-" if stamp.dhh < 0 else "+"
        zone = f"{sign}{abs(stamp.dhh):02d}:{stamp.dmm:02d}"
        date = f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}{zone}"
        # ReportLab writes Info's Title from info.title; the XMP title must equal it.
        values = (info.author, info.subject, info.keywords, info.creator, info.producer)
        return cls(info.title or title, language, *values, date)


def xmp_packet(described: _Described, conformance: Conformance) -> bytes:
    """The XMP packet: Dublin Core, XMP and PDF properties equal to the Info dictionary's, and the
    identification of each standard claimed (with the extension schema PDF/A asks for pdfuaid)."""
    text = {name: escape(getattr(described, name), quote=False) for name in described.__struct_fields__}
    identification = ""
    if conformance.pdf_a:
        identification += (
            '  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">\n'
            "   <pdfaid:part>2</pdfaid:part>\n   <pdfaid:conformance>U</pdfaid:conformance>\n"
            "  </rdf:Description>\n"
        )
    if conformance.pdf_ua:
        identification += (
            '  <rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">\n'
            "   <pdfuaid:part>1</pdfuaid:part>\n  </rdf:Description>\n"
        )
    if conformance.pdf_a and conformance.pdf_ua:
        identification += _PDFUA_EXTENSION
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{text["title"]}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{text["author"]}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{text["subject"]}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{text["language"]}</rdf:li></rdf:Bag></dc:language>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <xmp:CreatorTool>{text["creator"]}</xmp:CreatorTool>
   <xmp:CreateDate>{text["date"]}</xmp:CreateDate>
   <xmp:ModifyDate>{text["date"]}</xmp:ModifyDate>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdf:Producer>{text["producer"]}</pdf:Producer>
   <pdf:Keywords>{text["keywords"]}</pdf:Keywords>
  </rdf:Description>
{identification} </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return packet.encode("utf-8")


# PDF/A allows XMP properties outside its predefined schemas only when an extension schema in the
# packet declares them; pdfuaid (ISO 14289-1) is one of those.
_PDFUA_EXTENSION = """  <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>PDF/UA identification</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
     <pdfaProperty:name>part</pdfaProperty:name>
     <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
     <pdfaProperty:category>internal</pdfaProperty:category>
     <pdfaProperty:description>The part of ISO 14289 the document conforms to</pdfaProperty:description>
    </rdf:li></rdf:Seq></pdfaSchema:property>
   </rdf:li></rdf:Bag></pdfaExtension:schemas>
  </rdf:Description>
"""


def _output_intent(doc: Doc) -> PDFDictionary:
    profile = PDFStream(PDFDictionary({"N": 3}), srgb_profile(), filters=[PDFZCompress])  # binary, so compressed
    return PDFDictionary(
        {
            "Type": PDFName("OutputIntent"),
            "S": PDFName("GTS_PDFA1"),  # the subtype PDF/A-1, -2 and -3 all use
            "OutputConditionIdentifier": PDFString(SRGB),
            "Info": PDFString(SRGB),
            "DestOutputProfile": doc.Reference(profile),
        }
    )


@cache
def srgb_profile() -> bytes:
    """An ICC sRGB display profile (version 4.2, dated 2000-01-01, as ReportLab dates invariant PDFs)."""
    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    if data[36:40] != b"acsp" or data[12:16] != b"mntr" or data[16:20] != b"RGB ":
        raise RuntimeError("Little CMS made no sRGB display profile")  # pragma: no cover - a broken Pillow
    data[8:12] = bytes((4, 0x20, 0, 0))  # version 4.2 (ICC.1:2004-10), which PDF/A-2 refers to
    data[24:36] = b"".join(part.to_bytes(2, "big") for part in (2000, 1, 1, 0, 0, 0))
    data[84:100] = bytes(16)  # no profile ID: optional, and it would cover the date just set
    return bytes(data)


class PlainStream(PDFStream):
    """A stream written as it is, with no filter (XMP stays readable to tools that scan for it)."""

    def format(self, document: Any) -> bytes:
        content: bytes = self.content
        dictionary = PDFDictionary(dict(self.dictionary.dict, Length=len(content)))
        return bytes(dictionary.format(document)) + b"\nstream\n" + content + END_STREAM
