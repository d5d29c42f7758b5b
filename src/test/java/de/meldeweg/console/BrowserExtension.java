package de.meldeweg.console;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One headless Chromium ({@link Browser}, fresh profile) for the tests of one class: started before the
 * first test, closed after the last. {@code @RegisterExtension static final BrowserExtension BROWSER = new BrowserExtension();}
 */
final class BrowserExtension implements BeforeAllCallback, AfterAllCallback {

    private Browser browser;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        browser = new Browser();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    Browser get() {
        if (browser == null) {
            throw new IllegalStateException("the browser runs only within the test class that registers it");
        }
        return browser;
    }
}
