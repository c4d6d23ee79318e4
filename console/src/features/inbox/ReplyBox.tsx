import { Alert, Button, Group, Stack, Textarea } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { replyBody } from '@switchboard/client-sdk/contract';
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { errorMessage, fieldErrors } from '../../lib/errors.js';
import { useApiMutation } from '../../lib/query.js';
import { applyMessage } from './cache.js';

/**
 * The assignee's reply, validated with the API's own schema before it is sent. A failed send keeps the text;
 * a second submit while one is in flight is ignored (a double click sends once).
 */
export function ReplyBox({ conversationId }: { conversationId: string }) {
  const qc = useQueryClient();
  const send = useApiMutation('POST /conversations/:id/messages');
  const [text, setText] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // State updates land after the event; a ref stops the second click of a double click in the same frame.
  const sending = useRef(false);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (sending.current) return;
    const parsed = replyBody.safeParse({ text });
    if (!parsed.success) {
      setFieldError(parsed.error.issues[0]?.message ?? 'Check the message');
      return;
    }
    sending.current = true;
    setFieldError(null);
    setError(null);
    try {
      const m = await send.mutateAsync({ params: { id: conversationId }, body: parsed.data });
      applyMessage(qc, conversationId, m);
      // Only what was sent goes; anything typed meanwhile stays.
      setText((t) => (t === text ? '' : t));
    } catch (err) {
      const field = fieldErrors(err).text;
      if (field) setFieldError(field);
      else setError(errorMessage(err));
    } finally {
      sending.current = false;
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="xs">
        {error && (
          <Alert color="red" role="alert" title="The message was not sent" py="xs">
            {error} Your text is kept: send it again.
          </Alert>
        )}
        <Textarea
          label="Reply"
          description="Enter sends, Shift+Enter starts a new line"
          autosize
          minRows={2}
          maxRows={6}
          value={text}
          error={fieldError}
          onChange={(e) => {
            setText(e.currentTarget.value);
            if (fieldError) setFieldError(null);
          }}
          onKeyDown={onKeyDown}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={send.isPending}>
            Send
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
