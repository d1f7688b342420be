import { describe, expect, it } from 'vitest';
import { scrub } from '../../collector/scrub/index.js';

// scrub() remembers values a rule left unchanged; these pin that the memory is per field and holds nothing scrubbed.
describe('values found clean are remembered per field only', () => {
  it('scrubs under url what free_text left alone, in either order', () => {
    for (let i = 0; i < 2; i++) {
      expect(scrub('free_text', '/orders/123456')).toBe('/orders/123456');
      expect(scrub('url', '/orders/123456')).toBe('/orders/:id');
      expect(scrub('user_agent', '10.0.0.1')).toBe('10.0.0.1');
      expect(scrub('free_text', '10.0.0.1')).toBe('[ip]');
    }
  });

  it('scrubs an attribute value by its key every time, whatever the same text got before', () => {
    expect(scrub('workflow_attr_value', 'gold')).toBe('gold');
    expect(scrub('workflow_attr_value', 'gold', { key: 'password' })).toBe('[redacted]');
    expect(scrub('free_text', 'gold')).toBe('gold');
    expect(scrub('workflow_attr_value', 'gold', { key: 'password' })).toBe('[redacted]');
  });

  it('keeps scrubbing personal data however often it is sent', () => {
    for (let i = 0; i < 3; i++) expect(scrub('error_message', 'mail jan@example.com')).not.toContain('jan@example.com');
  });
});
