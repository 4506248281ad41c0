package stet.web;

import java.util.Set;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.dialect.AbstractProcessorDialect;
import org.thymeleaf.model.IModelFactory;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.processor.IProcessor;
import org.thymeleaf.processor.element.AbstractElementTagProcessor;
import org.thymeleaf.processor.element.IElementTagStructureHandler;
import org.thymeleaf.standard.StandardDialect;
import org.thymeleaf.templatemode.TemplateMode;

/**
 * Adds the {@link FormStamp} of the logged-in user to every POST form a template
 * renders, bound to the form's action, so that no template can forget it (the way
 * Spring adds its CSRF field in {@code th:action}). Its processors run after the
 * standard dialect's, so {@code th:action} has already become {@code action}.
 */
final class FormStampDialect extends AbstractProcessorDialect {

    /** The template variable holding this request's {@link FormStamp}; absent when nobody is logged in. */
    static final String VARIABLE = "stetFormStamp";

    FormStampDialect() {
        super("stet form stamp", "stet", StandardDialect.PROCESSOR_PRECEDENCE + 1000);
    }

    @Override
    public Set<IProcessor> getProcessors(String dialectPrefix) {
        return Set.of(new StampProcessor(dialectPrefix));
    }

    private static final class StampProcessor extends AbstractElementTagProcessor {

        StampProcessor(String dialectPrefix) {
            super(TemplateMode.HTML, dialectPrefix, "form", false, null, false, 1000);
        }

        @Override
        protected void doProcess(ITemplateContext context, IProcessableElementTag tag, IElementTagStructureHandler handler) {
            String method = tag.getAttributeValue("method");
            String action = tag.getAttributeValue("action");
            if (!(context.getVariable(VARIABLE) instanceof FormStamp stamp) || method == null
                    || !method.equalsIgnoreCase("post") || action == null) {
                return;
            }
            int query = action.indexOf('?');
            String path = query < 0 ? action : action.substring(0, query);
            // Markup written by Html (escaped) and inserted as it is: an element built through the
            // model factory cost half the processor's time, on every page with a form.
            String field = new Html(120).open("input", "type", "hidden", "name", FormStamp.FIELD,
                    "value", stamp.forPath(path)).toString();
            IModelFactory factory = context.getModelFactory();
            // Right after the <form> tag: the stamp is the form's first field.
            handler.insertImmediatelyAfter(factory.createModel(factory.createText(field)), false);
        }
    }
}
