import { Button, Group } from '@mantine/core';

/** The foot of every dialog form: Cancel, then the submit button (busy while its request runs). */
export function FormActions({ onCancel, submit, loading }: { onCancel: () => void; submit: string; loading: boolean }) {
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" loading={loading}>
        {submit}
      </Button>
    </Group>
  );
}
