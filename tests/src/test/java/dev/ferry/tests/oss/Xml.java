package dev.ferry.tests.oss;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Tiny XML writer and reader for OSS bodies. OSS documents carry no namespace, and the
 * SDK looks children up by bare name, so none is ever emitted.
 */
final class Xml {

  private final StringBuilder sb =
      new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

  Xml open(String name) {
    sb.append('<').append(name).append('>');
    return this;
  }

  Xml close(String name) {
    sb.append("</").append(name).append('>');
    return this;
  }

  /** {@code <name>value</name>}; a null value is written as an empty element. */
  Xml element(String name, Object value) {
    sb.append('<').append(name).append('>');
    if (value != null) {
      sb.append(escape(value.toString()));
    }
    sb.append("</").append(name).append('>');
    return this;
  }

  byte[] toBytes() {
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Parses a request body; anything unparsable is OSS's MalformedXML. */
  static Element parse(byte[] body) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body))
          .getDocumentElement();
    } catch (Exception e) {
      throw OssError.malformedXml("The XML you provided was not well-formed: " + e.getMessage());
    }
  }

  static List<Element> children(Element parent, String name) {
    List<Element> result = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        result.add(e);
      }
    }
    return result;
  }

  /** Text of the first child element with that name, or null if absent. */
  static String childText(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0).getTextContent();
  }
}
