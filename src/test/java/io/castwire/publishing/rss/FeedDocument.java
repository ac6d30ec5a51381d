package io.castwire.publishing.rss;

import java.io.ByteArrayInputStream;
import java.util.Iterator;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** A written feed parsed namespace-aware, queried with XPath under the feed's own prefixes. */
final class FeedDocument {

    private static final Map<String, String> PREFIXES = Map.of(
            "itunes", "http://www.itunes.com/dtds/podcast-1.0.dtd",
            "podcast", "https://podcastindex.org/namespace/1.0",
            "atom", "http://www.w3.org/2005/Atom",
            "content", "http://purl.org/rss/1.0/modules/content/");

    private final Document document;
    private final XPath xpath;

    private FeedDocument(Document document) {
        this.document = document;
        this.xpath = XPathFactory.newInstance().newXPath();
        xpath.setNamespaceContext(new NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                return PREFIXES.getOrDefault(prefix, XMLConstants.NULL_NS_URI);
            }

            @Override
            public String getPrefix(String uri) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Iterator<String> getPrefixes(String uri) {
                throw new UnsupportedOperationException();
            }
        });
    }

    static FeedDocument parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return new FeedDocument(factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml)));
    }

    String string(String expression) throws Exception {
        return (String) xpath.evaluate(expression, document, XPathConstants.STRING);
    }

    int count(String expression) throws Exception {
        return ((Double) xpath.evaluate("count(" + expression + ")", document, XPathConstants.NUMBER)).intValue();
    }

    NodeList nodes(String expression) throws Exception {
        return (NodeList) xpath.evaluate(expression, document, XPathConstants.NODESET);
    }
}
