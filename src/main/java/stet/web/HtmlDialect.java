package stet.web;

import java.util.Set;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.dialect.AbstractProcessorDialect;
import org.thymeleaf.engine.AttributeName;
import org.thymeleaf.exceptions.TemplateProcessingException;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.processor.IProcessor;
import org.thymeleaf.processor.element.AbstractAttributeTagProcessor;
import org.thymeleaf.processor.element.IElementTagStructureHandler;
import org.thymeleaf.standard.StandardDialect;
import org.thymeleaf.standard.expression.StandardExpressions;
import org.thymeleaf.templatemode.TemplateMode;

/**
 * {@code stet:html="${rows}"} sets an element's body to {@link Html} built in Java. It
 * accepts nothing else: a string (user data, say) is refused, not inserted unescaped.
 */
final class HtmlDialect extends AbstractProcessorDialect {

    HtmlDialect() {
        super("stet html", "stet", StandardDialect.PROCESSOR_PRECEDENCE);
    }

    @Override
    public Set<IProcessor> getProcessors(String dialectPrefix) {
        return Set.of(new HtmlProcessor(dialectPrefix));
    }

    private static final class HtmlProcessor extends AbstractAttributeTagProcessor {

        HtmlProcessor(String dialectPrefix) {
            super(TemplateMode.HTML, dialectPrefix, null, false, "html", true, 1000, true);
        }

        @Override
        protected void doProcess(ITemplateContext context, IProcessableElementTag tag, AttributeName attributeName,
                String attributeValue, IElementTagStructureHandler handler) {
            Object value = StandardExpressions.getExpressionParser(context.getConfiguration())
                    .parseExpression(context, attributeValue)
                    .execute(context);
            if (!(value instanceof Html html)) {
                throw new TemplateProcessingException("stet:html takes markup built with stet.web.Html, not "
                        + (value == null ? "null" : value.getClass().getName()));
            }
            handler.setBody(html.toString(), false);
        }
    }
}
